"""Names of the guidelines a letter cites: the MTUS guidelines and the ODG chapters.

The MTUS (California Medical Treatment Utilization Schedule, 8 CCR 9792.20 ff.) is a closed
set of guideline documents.  The letters name them as MAXIMUS's citation tool prints them
("Decision based on MTUS Low Back Complaints 2004"), sometimes with "Guidelines" after the
name or the year.  Each :class:`MtusName` row gives a guideline and one way of writing it;
several rows may name the same guideline.  :data:`ODG_CHAPTERS` does the same for the
chapters of the Official Disability Guidelines, which letters cite as free text.

Wording is written with single spaces; the readers turn each space into "any run of
whitespace", so names wrapped over lines or pages still match.
"""

from __future__ import annotations

import enum

import attrs

from imrparse.layouts import check as _check


class MtusGuideline(enum.StrEnum):
    """A guideline of the MTUS, named as the MTUS (and the letters) name it."""

    # Guidelines the MTUS adopted as its own documents.
    CHRONIC_PAIN_MEDICAL_TREATMENT = "Chronic Pain Medical Treatment"
    OPIOID_TREATMENT = "Opioid Treatment"
    ACUPUNCTURE_TREATMENT = "Acupuncture Treatment"
    POSTSURGICAL_TREATMENT = "Postsurgical Treatment"
    # ACOEM Practice Guidelines chapters adopted by the MTUS (2004; Elbow 2007).
    GENERAL_APPROACHES = "General Approaches"
    PREVENTION = "Prevention"
    INITIAL_APPROACHES_TO_TREATMENT = "Initial Approaches to Treatment"
    WORK_RELATEDNESS = "Work-Relatedness"
    CORNERSTONES_OF_DISABILITY_PREVENTION = "Cornerstones of Disability Prevention and Management"
    PAIN_SUFFERING_RESTORATION_OF_FUNCTION = "Pain, Suffering, and the Restoration of Function"
    INDEPENDENT_MEDICAL_EXAMINATIONS = "Independent Medical Examinations and Consultations"
    NECK_AND_UPPER_BACK_COMPLAINTS = "Neck and Upper Back Complaints"
    SHOULDER_COMPLAINTS = "Shoulder Complaints"
    ELBOW_COMPLAINTS = "Elbow Complaints"
    FOREARM_WRIST_AND_HAND_COMPLAINTS = "Forearm, Wrist, and Hand Complaints"
    LOW_BACK_COMPLAINTS = "Low Back Complaints"
    KNEE_COMPLAINTS = "Knee Complaints"
    ANKLE_AND_FOOT_COMPLAINTS = "Ankle and Foot Complaints"
    STRESS_RELATED_CONDITIONS = "Stress-Related Conditions"
    # ACOEM guidelines the MTUS adopted from 2017 on.
    EYE = "Eye"
    HIP_AND_GROIN = "Hip and Groin"
    OCCUPATIONAL_WORK_RELATED_ASTHMA = "Occupational/Work-Related Asthma"
    OCCUPATIONAL_INTERSTITIAL_LUNG_DISEASE = "Occupational Interstitial Lung Disease"
    TRAUMATIC_BRAIN_INJURY = "Traumatic Brain Injury"
    WORKPLACE_MENTAL_HEALTH = "Workplace Mental Health"
    CERVICAL_AND_THORACIC_SPINE_DISORDERS = "Cervical and Thoracic Spine Disorders"
    SHOULDER_DISORDERS = "Shoulder Disorders"
    ELBOW_DISORDERS = "Elbow Disorders"
    HAND_WRIST_AND_FOREARM_DISORDERS = "Hand, Wrist, and Forearm Disorders"
    LOW_BACK_DISORDERS = "Low Back Disorders"
    KNEE_DISORDERS = "Knee Disorders"
    ANKLE_AND_FOOT_DISORDERS = "Ankle and Foot Disorders"
    #: The older letters' bare "Decision based on MTUS ACOEM" (no chapter named).
    ACOEM = "ACOEM"


@attrs.frozen
class MtusName:
    """One way a letter writes an MTUS guideline's name (before the year)."""

    guideline: MtusGuideline
    wording: str


#: Every writing of an MTUS guideline name.  The enum value itself is always a writing; the
#: rows below add the variants (an alias must not be a prefix-ambiguity trap: the readers
#: try longer writings first).
MTUS_NAMES: tuple[MtusName, ...] = (
    *(MtusName(g, g.value) for g in MtusGuideline),
    MtusName(MtusGuideline.CHRONIC_PAIN_MEDICAL_TREATMENT, "Chronic Pain"),
    MtusName(MtusGuideline.ACUPUNCTURE_TREATMENT, "Acupuncture Medical Treatment"),
    MtusName(MtusGuideline.OPIOID_TREATMENT, "Opioids Treatment"),
    MtusName(MtusGuideline.POSTSURGICAL_TREATMENT, "Post-surgical Treatment"),
    MtusName(MtusGuideline.FOREARM_WRIST_AND_HAND_COMPLAINTS, "Forearm, Wrist and Hand Complaints"),
    MtusName(MtusGuideline.FOREARM_WRIST_AND_HAND_COMPLAINTS, "Forearm, Wrist, & Hand Complaints"),
    MtusName(MtusGuideline.NECK_AND_UPPER_BACK_COMPLAINTS, "Neck & Upper Back Complaints"),
    MtusName(MtusGuideline.ANKLE_AND_FOOT_COMPLAINTS, "Ankle & Foot Complaints"),
    MtusName(MtusGuideline.STRESS_RELATED_CONDITIONS, "Stress Related Conditions"),
    MtusName(MtusGuideline.OCCUPATIONAL_WORK_RELATED_ASTHMA, "Work-Related Asthma"),
)


@attrs.frozen
class KnownSection:
    """An MTUS section name that itself contains a comma followed by a capital letter.

    Sections are comma-separated and a comma followed by a lower-case word already joins
    ("TENS, chronic pain ..."); only names whose comma is followed by a capital need a row.
    """

    wording: str


KNOWN_SECTIONS: tuple[KnownSection, ...] = (
    KnownSection("NSAIDs, GI symptoms & cardiovascular risk"),
    KnownSection("Forearm, Wrist, & Hand"),
    KnownSection("Forearm, Wrist, and Hand"),
    KnownSection("Pain, Suffering, and the Restoration of Function"),
    KnownSection("Work conditioning, Work hardening"),
)


class OdgChapter(enum.StrEnum):
    """A chapter of the Official Disability Guidelines (Treatment in Workers' Comp)."""

    ANKLE_AND_FOOT = "Ankle & Foot"
    BURNS = "Burns"
    CARPAL_TUNNEL_SYNDROME = "Carpal Tunnel Syndrome"
    CHIROPRACTIC = "Chiropractic"
    ELBOW = "Elbow"
    EYE = "Eye"
    FITNESS_FOR_DUTY = "Fitness for Duty"
    FOREARM_WRIST_AND_HAND = "Forearm, Wrist & Hand"
    HEAD = "Head"
    HERNIA = "Hernia"
    HIP_AND_PELVIS = "Hip & Pelvis"
    KNEE_AND_LEG = "Knee & Leg"
    LOW_BACK = "Low Back - Lumbar & Thoracic"
    MENTAL_ILLNESS_AND_STRESS = "Mental Illness & Stress"
    NECK_AND_UPPER_BACK = "Neck & Upper Back"
    PAIN = "Pain (Chronic)"
    PREFACE = "Preface"
    PULMONARY = "Pulmonary"
    SHOULDER = "Shoulder"
    TRAUMATIC_BRAIN_INJURY = "Traumatic Brain Injury"


@attrs.frozen
class OdgName:
    """One way a letter writes an ODG chapter name.  Matched case-insensitively, whole words;
    ``&`` and ``and`` are interchangeable."""

    chapter: OdgChapter
    wording: str


ODG_CHAPTERS: tuple[OdgName, ...] = (
    OdgName(OdgChapter.ANKLE_AND_FOOT, "Ankle & Foot"),
    OdgName(OdgChapter.BURNS, "Burns"),
    OdgName(OdgChapter.CARPAL_TUNNEL_SYNDROME, "Carpal Tunnel Syndrome"),
    OdgName(OdgChapter.CHIROPRACTIC, "Chiropractic"),
    OdgName(OdgChapter.ELBOW, "Elbow"),
    OdgName(OdgChapter.EYE, "Eye"),
    OdgName(OdgChapter.FITNESS_FOR_DUTY, "Fitness for Duty"),
    OdgName(OdgChapter.FOREARM_WRIST_AND_HAND, "Forearm, Wrist, & Hand"),
    OdgName(OdgChapter.FOREARM_WRIST_AND_HAND, "Forearm, Wrist & Hand"),
    OdgName(OdgChapter.FOREARM_WRIST_AND_HAND, "Wrist"),
    OdgName(OdgChapter.FOREARM_WRIST_AND_HAND, "Hand"),
    OdgName(OdgChapter.HEAD, "Head"),
    OdgName(OdgChapter.HERNIA, "Hernia"),
    OdgName(OdgChapter.HIP_AND_PELVIS, "Hip & Pelvis"),
    OdgName(OdgChapter.HIP_AND_PELVIS, "Hips & Pelvis"),
    OdgName(OdgChapter.KNEE_AND_LEG, "Knee & Leg"),
    OdgName(OdgChapter.KNEE_AND_LEG, "Knee"),
    OdgName(OdgChapter.LOW_BACK, "Low Back - Lumbar & Thoracic"),
    OdgName(OdgChapter.LOW_BACK, "Low Back, Lumbar & Thoracic"),
    OdgName(OdgChapter.LOW_BACK, "Low Back & Thoracic"),
    OdgName(OdgChapter.LOW_BACK, "Lumbar & Thoracic"),
    OdgName(OdgChapter.LOW_BACK, "Low Back"),
    OdgName(OdgChapter.LOW_BACK, "Lower Back"),
    OdgName(OdgChapter.LOW_BACK, "Lumbar"),
    OdgName(OdgChapter.MENTAL_ILLNESS_AND_STRESS, "Mental Illness & Stress"),
    OdgName(OdgChapter.NECK_AND_UPPER_BACK, "Neck & Upper Back"),
    OdgName(OdgChapter.NECK_AND_UPPER_BACK, "Neck"),
    OdgName(OdgChapter.PAIN, "Pain (Chronic)"),
    OdgName(OdgChapter.PAIN, "Pain"),
    OdgName(OdgChapter.PREFACE, "Preface"),
    OdgName(OdgChapter.PULMONARY, "Pulmonary"),
    OdgName(OdgChapter.SHOULDER, "Shoulder"),
    OdgName(OdgChapter.TRAUMATIC_BRAIN_INJURY, "Traumatic Brain Injury"),
)


def _check_tables() -> None:
    """Fail at import if a table repeats a writing or leaves a guideline or chapter out."""
    _check.unique("MTUS_NAMES", (r.wording.casefold() for r in MTUS_NAMES))
    _check.unique("ODG_CHAPTERS", (r.wording.casefold() for r in ODG_CHAPTERS))
    _check.unique("KNOWN_SECTIONS", (r.wording.casefold() for r in KNOWN_SECTIONS))
    _check.covers("MTUS_NAMES", (r.guideline for r in MTUS_NAMES), MtusGuideline)
    _check.covers("ODG_CHAPTERS", (r.chapter for r in ODG_CHAPTERS), OdgChapter)


_check_tables()
