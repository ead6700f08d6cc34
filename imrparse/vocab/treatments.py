"""What a disputed item asks for: the DWC treatment taxonomy and the words that name it.

DWC indexes every IMR decision by *request category*, *subcategory* and, for medicines,
*drug class* (its IMR decision search and annual reports use these names).  The letter
itself prints only the request ("Norco 10/325mg #60", "MRI of the right shoulder"), so
:func:`imrparse.read_treatment` classifies the request with the tables of this module:

* :class:`TreatmentCategory`, :class:`TreatmentSubcategory` and :data:`SUBCATEGORIES`: the
  closed DWC taxonomy (Pharmaceuticals are subdivided by :class:`DrugClass` instead).
* :data:`PROCEDURE_RULES` and :data:`SERVICE_RULES`: ordered :class:`Rule` rows.  The first
  rule (in table order) whose pattern occurs in the request decides the category, so more
  specific rows come first.  Procedure rules outrank a drug name ("Toradol injection" is an
  injection, "Opioid detoxification program" a program); drug names outrank service rules
  ("Valium before the MRI" is a medicine).
* :data:`DRUG_NAMES`: generic and brand names and the :class:`DrugClass` pharmacology gives
  them.  A compounded or topical preparation changes the class: :data:`COMPOUND_MARKERS`
  ("in cream base") or two "%"-strength ingredients make "Topical Compounds"; a
  :data:`TOPICAL_FORMS` word ("patch", "gel") makes a drug of :data:`TOPICAL_CLASSES`
  "Topical Analgesics", and one of :data:`COMPOUNDED_CLASSES` or :data:`COMPOUNDED_NAMES`
  (no topical product on the market) "Topical Compounds".
* :data:`REGION_WORDS`: body regions (:class:`BodyRegion`), with the side an abbreviation such
  as "RUE" carries.
* :data:`LEVEL_REGIONS`: the spinal region a level ("L4", "C5-6") implies.
* :data:`SESSION_CATEGORIES`: services counted in sessions, where "#6" means six sessions.
* :data:`HEAD_ENDS`: words ("after", "for") after which a request says why or when, not
  what: "Physical therapy after lumbar fusion" is filed by its head, physical therapy.

Patterns are Python regular expressions matched case-insensitively as whole words; a single
space in a pattern matches any run of whitespace, so requests wrapped over lines or pages
still match.  The reader tries a pattern at the start of a word only (a word starts with a
letter), and there only when the word's first two characters can open a match of it (the
regex engine says which, by a partial match), so a pattern must open with a letter.  Every
table is checked when the module is imported (:func:`check`): patterns compile, names are
unique and every subcategory belongs to its category; the reader checks, when it compiles a
vocabulary (the built-in one at import), that every pattern opens with a letter.

Extending the tables: build a :class:`Vocabulary` with more rows and pass it to the reader::

    from imrparse.vocab import treatments as tv

    vocab = tv.DEFAULT.extend(
        service_rules=(tv.Rule(r"whirlpool", tv.TreatmentCategory.REHABILITATION,
                               tv.TreatmentSubcategory.OTHER_THERAPIES),),
        drug_names=(("coxanto", tv.DrugClass.NSAID),),
    )
    treatment = imrparse.read_treatment("Whirlpool 2x4", vocabulary=vocab)

Added service rules are tried before the built-in ones; added drug names must be new.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping

import attrs

from imrparse.layouts import check as _check

__all__ = [
    "COMPOUNDED_CLASSES",
    "COMPOUNDED_NAMES",
    "COMPOUND_MARKERS",
    "DEFAULT",
    "DRUG_NAMES",
    "HEAD_ENDS",
    "LEVEL_REGIONS",
    "PROCEDURE_RULES",
    "REGION_WORDS",
    "SERVICE_RULES",
    "SESSION_CATEGORIES",
    "SPINAL_SEGMENTS",
    "SUBCATEGORIES",
    "TOPICAL_CLASSES",
    "TOPICAL_FORMS",
    "BodyRegion",
    "DrugClass",
    "Laterality",
    "RegionWord",
    "Rule",
    "TreatmentCategory",
    "TreatmentSubcategory",
    "Vocabulary",
    "check",
]


class TreatmentCategory(enum.StrEnum):
    """DWC's request categories, spelled as DWC's IMR decision search spells them."""

    PHARMACEUTICALS = "Pharmaceuticals"
    DMEPOS = "DMEPOS"
    DIAGNOSTIC_TESTING = "Diagnostic Testing"
    EVALUATION_AND_MANAGEMENT = "Evaluation & Management"
    HOME_HEALTH = "Home Health"
    INJECTION = "Injection"
    PROGRAMS = "Programs"
    PSYCH_SERVICES = "Psych Services"
    REHABILITATION = "Rehabilitation"
    SURGERY = "Surgery"
    THERAPIES = "Therapies"
    TRANSPORTATION = "Transportation"


class TreatmentSubcategory(enum.StrEnum):
    """DWC's subcategories; :data:`SUBCATEGORIES` says which category each belongs to."""

    # DMEPOS
    DME = "DME"
    ELECTRICAL_STIMULATION = "Electrical Stimulation"
    PROSTHETICS_ORTHOTICS = "Prosthetics/Orthotics"
    SUPPLIES = "Supplies"
    # Diagnostic Testing
    IMAGING = "Imaging/Radiology"
    ELECTRODIAGNOSTIC = "EMG/NCV/NCS"
    LAB_AND_PATHOLOGY = "Lab & Pathology"
    OTHER_TESTING = "Other"
    # Evaluation & Management
    DENTAL_SERVICES = "Dental Services"
    MEDICAL_SPECIALTIES = "Medical Specialties"
    # Injection
    FACET_INJECTION = "Facet Injection"
    INJECTION = "Injection"
    # Psych Services
    PSYCH_EVALUATION = "Evaluation & Management"
    PSYCH_THERAPIES = "Therapies"
    # Rehabilitation
    PT_OT = "PT/OT"
    ACUPUNCTURE = "Acupuncture"
    CHIROPRACTIC = "Chiropractic"
    OTHER_THERAPIES = "Other Therapies"
    # Surgery
    SPINE = "Spine"
    ARTHROSCOPIC = "Arthroscopic"
    NON_ARTHROSCOPIC = "Non-arthroscopic"
    ADJUNCT_SURGICAL_SERVICES = "Adjunct Surgical Services"
    SURGICAL_CONSULT = "Surgical Consult"


_C = TreatmentCategory
_S = TreatmentSubcategory

#: The closed subcategory list of each category (empty: DWC has no subcategories there;
#: Pharmaceuticals are divided by :class:`DrugClass`).
SUBCATEGORIES: Mapping[TreatmentCategory, tuple[TreatmentSubcategory, ...]] = {
    _C.PHARMACEUTICALS: (),
    _C.DMEPOS: (_S.DME, _S.ELECTRICAL_STIMULATION, _S.PROSTHETICS_ORTHOTICS, _S.SUPPLIES),
    _C.DIAGNOSTIC_TESTING: (_S.IMAGING, _S.ELECTRODIAGNOSTIC, _S.LAB_AND_PATHOLOGY,
                            _S.OTHER_TESTING),
    _C.EVALUATION_AND_MANAGEMENT: (_S.DENTAL_SERVICES, _S.MEDICAL_SPECIALTIES),
    _C.HOME_HEALTH: (),
    _C.INJECTION: (_S.FACET_INJECTION, _S.INJECTION),
    _C.PROGRAMS: (),
    _C.PSYCH_SERVICES: (_S.PSYCH_EVALUATION, _S.PSYCH_THERAPIES),
    _C.REHABILITATION: (_S.PT_OT, _S.ACUPUNCTURE, _S.CHIROPRACTIC, _S.OTHER_THERAPIES),
    _C.SURGERY: (_S.SPINE, _S.ARTHROSCOPIC, _S.NON_ARTHROSCOPIC, _S.ADJUNCT_SURGICAL_SERVICES,
                 _S.SURGICAL_CONSULT),
    _C.THERAPIES: (),
    _C.TRANSPORTATION: (),
}


class DrugClass(enum.StrEnum):
    """Drug classes, named as DWC's index names them where it has the class."""

    OPIOIDS = "Opioids"
    NSAID = "NSAID"
    MUSCLE_RELAXANT = "Muscle Relaxant"
    PROTON_PUMP_INHIBITORS = "Proton Pump Inhibitors"
    ANTI_EPILEPSY_DRUGS = "Anti-epilepsy Drugs"
    ANTIDEPRESSANT = "Antidepressant"
    TOPICAL_COMPOUNDS = "Topical Compounds"
    TOPICAL_ANALGESICS = "Topical Analgesics"
    SEDATIVE_HYPNOTICS = "Sedative-hypnotics"
    BENZODIAZEPINES = "Benzodiazepines"
    H2_BLOCKER = "H2 Blocker"
    ANTIEMETIC = "Antiemetic"
    LAXATIVE = "Laxative"
    ANTIHISTAMINE = "Antihistamine"
    BARBITURATE_COMBINATION = "Barbiturate Combination"
    NON_OPIOID_ANALGESIC = "Non-opioid Analgesic"
    LOCAL_ANESTHETIC = "Local Anesthetic"
    CORTICOSTEROID = "Corticosteroid"
    TRIPTAN = "Triptan"
    MEDICAL_FOOD = "Medical Food"
    VITAMINS_SUPPLEMENTS = "Vitamins/Supplements"
    OPIOID_ANTAGONIST = "Opioid Antagonist"
    STIMULANT = "Stimulant"
    ANTIPSYCHOTIC = "Antipsychotic"
    ANXIOLYTIC = "Anxiolytic"
    ANTICOAGULANT = "Anticoagulant"
    ANTIBIOTIC = "Antibiotic"
    ANTIHYPERTENSIVE = "Antihypertensive"
    ANTIDIABETIC = "Antidiabetic"
    ERECTILE_DYSFUNCTION = "Erectile Dysfunction"


class BodyRegion(enum.StrEnum):
    """A body region a request names; spinal regions are the spine's segments."""

    HEAD = "head"
    FACE = "face"
    JAW = "jaw"
    CERVICAL_SPINE = "cervical spine"
    THORACIC_SPINE = "thoracic spine"
    LUMBAR_SPINE = "lumbar spine"
    SPINE = "spine"
    BACK = "back"
    SACROILIAC = "sacroiliac joint"
    PELVIS = "pelvis"
    CHEST = "chest"
    ABDOMEN = "abdomen"
    SHOULDER = "shoulder"
    UPPER_ARM = "upper arm"
    ELBOW = "elbow"
    FOREARM = "forearm"
    WRIST = "wrist"
    HAND = "hand"
    FINGER = "finger"
    UPPER_EXTREMITY = "upper extremity"
    HIP = "hip"
    GROIN = "groin"
    THIGH = "thigh"
    KNEE = "knee"
    LOWER_LEG = "lower leg"
    ANKLE = "ankle"
    FOOT = "foot"
    TOE = "toe"
    LOWER_EXTREMITY = "lower extremity"


class Laterality(enum.StrEnum):
    """The side a request names.  ``BILATERAL`` when it says both sides ("bilateral",
    "both"), or names a left and a right part."""

    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"


@attrs.frozen
class Rule:
    """Words that name a kind of treatment, and where DWC files it."""

    pattern: str
    category: TreatmentCategory
    subcategory: TreatmentSubcategory | None = None


@attrs.frozen
class RegionWord:
    """Words that name a body region; ``side`` when the words also give the side ("RUE")."""

    pattern: str
    region: BodyRegion
    side: Laterality | None = None


def _rules(category: TreatmentCategory, subcategory: TreatmentSubcategory | None,
           *patterns: str) -> tuple[Rule, ...]:
    return tuple(Rule(p, category, subcategory) for p in patterns)


# Rules that outrank drug names: programs and injections often name the drug they use.
PROCEDURE_RULES: tuple[Rule, ...] = (
    *_rules(_C.PROGRAMS, None,
            r"functional restoration(?: program)?", r"FRP", r"HELP program",
            r"(?:inter|multi)disciplinary (?:pain )?(?:program|rehabilitation|management)",
            r"pain (?:management )?program", r"work (?:hardening|conditioning)",
            r"partial hospitali[sz]ation", r"day (?:treatment|program)",
            r"(?:acute )?inpatient rehab\w*", r"(?:acute )?rehabilitation (?:unit|facility|center)",
            r"skilled nursing(?: facility)?", r"SNF", r"detox\w*",
            r"residential (?:treatment|program)",
            r"weight (?:loss|reduction|management) program",
            r"(?:Medifast|Jenny Craig|Weight Watchers)"),
    *_rules(_C.INJECTION, _S.FACET_INJECTION,
            r"facet(?: joint)?s? (?:injections?|blocks?|nerve blocks?)",
            r"medial branch (?:nerve )?blocks?", r"MBBs?",
            r"radiofrequency (?:ablation|neurotomy|rhizotomy|lesioning)", r"RFA", r"rhizotomy",
            r"facet neurotomy"),
    *_rules(_C.INJECTION, _S.INJECTION,
            r"inject\w*", r"epidurals?", r"ESIs?",
            r"(?:nerve|stellate ganglion|sympathetic) blocks?",
            r"(?:selective )?nerve root blocks?", r"SNRBs?", r"TFESIs?",
            r"(?:ketamine|lidocaine|IV|intravenous) infusions?",
            r"trigger points?", r"TPIs?", r"platelet(?:-| )rich plasma", r"PRP",
            r"viscosupplement\w*", r"Synvisc(?:-One)?", r"Euflexxa", r"Orthovisc", r"Supartz",
            r"Hyalgan", r"Monovisc", r"Gel-One", r"cortisone shot", r"steroid shot", r"botox",
            r"botulinum", r"neurolytic", r"prolotherapy", r"intra-?articular", r"IM shot"),
)

# Rules tried after drug names, most specific first.
SERVICE_RULES: tuple[Rule, ...] = (
    *_rules(_C.SURGERY, _S.SURGICAL_CONSULT,
            r"(?:neuro)?(?:surgeon|surgery|surgical)(?: spine)? "
            r"(?:consult\w*|eval\w*|opinion|referral|follow(?:-| )?up)",
            r"(?:consult\w*|referral|eval\w*|TOC|transfer of care|second opinion) (?:with|to|by) "
            r"(?:an? |the )?(?:[a-z]+(?: |/)){0,3}?(?:surgeon|surgery|surgical|orthopedist)",
            r"ortho\w* (?:spine )?(?:surgeon|consult\w*|eval\w*|referral)",
            r"(?:hip|knee|shoulder|joint) replacement specialist"),
    *_rules(_C.PSYCH_SERVICES, _S.PSYCH_EVALUATION,
            r"psycholog\w* (?:test\w*|eval\w*|consult\w*|assessment)",
            r"psychiatr\w* (?:eval\w*|consult\w*|assessment)", r"neuropsycholog\w*",
            r"psych(?:ological|iatric)? eval\w*", r"psych(?:ological|iatric)? consult\w*"),
    *_rules(_C.PSYCH_SERVICES, _S.PSYCH_THERAPIES,
            r"psychotherap\w*", r"cognitive behavio\w* therap\w*", r"CBT", r"biofeedback",
            r"psycholog\w* (?:treatment|therapy|sessions?|visits?)", r"counsell?ing",
            r"hypnotherapy", r"hypnosis", r"relaxation training", r"group therapy"),
    *_rules(_C.DIAGNOSTIC_TESTING, _S.ELECTRODIAGNOSTIC,
            r"EMGs?", r"NCVs?", r"NCSs?", r"electromyogra\w*",
            r"nerve conduction(?: stud\w*| velocity)?",
            r"electrodiagnostic\w*", r"EDS"),
    # Modalities that share words with imaging ("ultrasound") or surgery ("release"):
    # ultrasound given with a frequency or sessions is a treatment, not a scan.
    *_rules(_C.REHABILITATION, _S.OTHER_THERAPIES,
            r"therapeutic ultrasound", r"myofascial release", r"soft tissue release",
            r"ultrasound(?= (?:therap|treatment|session|\d|x ?\d|"
            r"(?:one|two|three|four|five|six) times))"),
    *_rules(_C.DIAGNOSTIC_TESTING, _S.OTHER_TESTING,
            r"functional capacity eval\w*", r"FCE", r"(?:hand )?grip (?:strength )?test\w*",
            r"Jamar",
            r"range of motion(?: of)? test\w*", r"ROM test\w*",
            r"computeri[sz]ed (?:ROM|range of motion)",
            r"muscle (?:strength )?test\w*", r"SSEPs?", r"somatosensory evoked",
            r"evoked potentials?",
            r"sleep stud\w*", r"polysomnogra\w*", r"EKGs?", r"ECGs?", r"electrocardiogra\w*",
            r"echocardiogra\w*", r"stress test", r"pulmonary function", r"spirometry",
            r"genetic test\w*", r"DNA test\w*", r"cytokine", r"videonystagmo\w*", r"audiogra\w*",
            r"QSART", r"sudomotor", r"nerve fiber density",
            # Neurophysiology beyond EMG/NCV (MTUS/ODG head and sleep topics).
            r"electroencephalogra\w*", r"Q?EEGs?", r"quantitative EEG", r"brain ?mapping",
            r"(?:visual|brainstem auditory|auditory|motor) evoked(?: potentials?| responses?)?",
            r"VEPs?", r"BAERs?", r"VNG", r"ENG", r"electronystagmo\w*",
            r"vestibular (?:function )?test\w*", r"posturography", r"caloric test\w*",
            r"MSLT", r"multiple sleep latency", r"actigraphy", r"Holter(?: monitor\w*)?",
            r"tilt table(?: test\w*)?", r"autonomic (?:function )?test\w*", r"thermogra\w*"),
    *_rules(_C.DIAGNOSTIC_TESTING, _S.LAB_AND_PATHOLOGY,
            r"labs?", r"laboratory", r"CBC", r"complete blood count", r"blood count", r"CMP",
            r"BMP", r"chem(?:istry)? panel",
            r"metabolic panel", r"PT/PTT", r"PTT", r"PT/INR", r"INR", r"urinalysis", r"UA",
            r"urine\w*", r"UDS", r"drug (?:test|screen)\w*", r"toxicology",
            r"blood (?:work|tests?|draws?)",
            r"liver function", r"renal function", r"LFTs?", r"A1c", r"lipid panel", r"TSH",
            r"patholog\w*", r"biopsy", r"cultures?"),
    *_rules(_C.DIAGNOSTIC_TESTING, _S.IMAGING,
            r"MRIs?", r"MRAs?", r"magnetic resonance", r"CT", r"CAT scan", r"computed tomograph\w*",
            r"x-? ?rays?", r"radiograph\w*", r"bone scan", r"scintigra\w*", r"ultrasounds?",
            r"sonogra\w*", r"arthrogra\w*", r"myelogra\w*", r"discogra\w*", r"PET", r"DEXA",
            r"bone density", r"DXA", r"SPECT", r"epidurogra\w*", r"imaging", r"fluoroscop\w*",
            r"scans?"),
    *_rules(_C.SURGERY, _S.ADJUNCT_SURGICAL_SERVICES,
            # The staff may follow the role ("Assistant PA") or precede it ("PA assistant").
            r"assistant:? (?:surgeon|PA(?:-C)?|physician|RN|nurse)",
            r"(?:PA(?:-C)?|surgical|physician assistant|(?:RN|nurse) first) assist\w*",
            r"(?:surgical )?physician(?:'s)? assistant",
            r"co-?surgeon", r"anesthesi\w*",
            r"(?:inpatient|hospital|overnight|post-?operative) stay",
            r"length of stay", r"(?:inpatient )?(?:hospital )?admission",
            r"(?:ambulatory )?surgery center", r"surgical facility", r"intraoperative monitoring",
            r"neuromonitoring"),
    *_rules(_C.SURGERY, _S.SPINE,
            r"(?:spinal|lumbar|cervical|thoracic|interbody) fusion",
            r"fusion(?=[\s\S]{0,40}?(?:lumbar|cervical|thoracic|spin|[CTL]\d))",
            r"(?:micro)?dis[ck]ectomy", r"laminectomy", r"laminotomy", r"foraminotomy",
            r"hemilaminectomy", r"corpectomy", r"ACDF", r"TLIF", r"PLIF", r"ALIF", r"XLIF",
            r"kyphoplasty", r"arthrodesis",
            # A fusion named after its level ("L5-S1 fusion").
            r"[CTL]\d{1,2}(?: ?(?:-|to) ?[CTLS]?\d{1,2})? (?:[a-z]+ ){0,3}?fusion",
            r"vertebroplasty", r"(?:artificial |total )?disc replacement",
            r"(?:spinal cord|dorsal column) stimulat\w*", r"SCS", r"intrathecal pump",
            r"(?:lumbar|cervical|thoracic|spinal|spine) (?:surgery|decompression)",
            r"decompression of the (?:lumbar|cervical|thoracic) spine",
            r"neuroplasty(?=[\s\S]{0,30}?(?:lumbar|cervical|thoracic|spin|epidural))",
            r"(?:epidural )?adhesiolysis"),
    *_rules(_C.SURGERY, _S.ARTHROSCOPIC,
            r"arthroscop\w*", r"scope"),
    *_rules(_C.SURGERY, _S.NON_ARTHROSCOPIC,
            r"arthroplasty", r"(?:joint|hip|knee|shoulder) replacement", r"open reduction",
            r"ORIF", r"internal fixation", r"(?:carpal|cubital|tarsal) tunnel release",
            r"(?:trigger finger|de Quervain'?s?) release", r"releases?", r"repairs?",
            r"reconstruction", r"tenodesis", r"osteotomy", r"fasciectomy", r"fasciotomy",
            r"excision", r"amputation", r"(?:hardware|implant) removal", r"removal of hardware",
            r"meniscectomy", r"tenotomy", r"neuroplasty", r"transposition", r"tendon transfer",
            r"debridement", r"bunionectomy", r"hernia\w*", r"herniorrhaphy",
            r"manipulation under anesthesia"),
    *_rules(_C.SURGERY, None,
            r"surgery", r"surgical (?:intervention|procedure|treatment)", r"operative procedure"),
    *_rules(_C.HOME_HEALTH, None,
            r"home health(?: care)?", r"home care", r"home nurs\w*",
            r"(?:wound care |visiting |home )?nurse visits?",
            r"wound care nurse", r"nursing (?:care|visits?|services)", r"home (?:health )?aide",
            r"caregivers?", r"home (?:assistance|attendant)", r"in-home", r"housekeeping",
            r"homemaker", r"chore services"),
    *_rules(_C.TRANSPORTATION, None,
            r"transportation", r"transport", r"taxi", r"ambulance", r"medical van", r"mileage"),
    # Devices that share words with therapies ("cold therapy unit", "TENS") come first.
    *_rules(_C.DMEPOS, _S.ELECTRICAL_STIMULATION,
            r"TENS(?: unit)?", r"EMS(?: unit)?", r"E-? ?stim\w*",
            r"electrical (?:muscle |nerve )?stimulat\w*",
            r"NMES", r"H-? ?wave", r"interferential", r"IF unit",
            r"(?:muscle|bone growth) stimulator",
            r"inferential"),
    *_rules(_C.DMEPOS, _S.DME,
            r"(?:hot|cold|heat|ice|cryo|thermal|compression)\w*(?:/(?:hot|cold|heat|ice)\w*)? "
            r"(?:therapy )?(?:units?|pads?|wraps?|machines?|devices?|systems?|packs?)",
            r"cold (?:compression )?therapy", r"cryotherapy", r"cryo-?cuff", r"vascutherm",
            r"game ready",
            r"polar care", r"continuous passive motion", r"CPM(?: machine)?",
            r"traction (?:unit|device)",
            r"home (?:cervical )?traction"),
    *_rules(_C.REHABILITATION, _S.ACUPUNCTURE,
            r"(?:electro-? ?)?acupuncture", r"acupressure", r"cupping"),
    *_rules(_C.REHABILITATION, _S.CHIROPRACTIC,
            r"chiro\w*", r"(?:spinal |osteopathic )?manipulation", r"manipulative", r"CMT",
            r"OMT", r"chiropract\w*"),
    *_rules(_C.REHABILITATION, _S.PT_OT,
            r"physical therap\w*", r"physiotherap\w*", r"occupational therap\w*", r"PT/OT",
            r"OT/PT",
            r"PT", r"OT", r"P\.T\.", r"aqua\w* therap\w*", r"pool therap\w*", r"hydrotherap\w*",
            r"therapeutic exercises?", r"hand therap\w*", r"physical medicine",
            r"home exercise program",
            r"(?:physical|occupational) therapist"),
    *_rules(_C.REHABILITATION, _S.OTHER_THERAPIES,
            r"infrared", r"myofascial release", r"massage\w*", r"soft tissue mobili[sz]ation",
            r"mobili[sz]ation", r"traction", r"iontophoresis", r"phonophoresis", r"paraffin",
            r"diathermy", r"(?:hot|cold) packs?", r"heat therapy", r"kinesio\w*", r"dry needling",
            r"speech therap\w*", r"vestibular (?:therap\w*|rehab\w*)", r"rehabilitation"),
    *_rules(_C.THERAPIES, None,
            r"shock ?wave", r"ESWT", r"hyperbaric",
            r"(?:cold |low(?:-| )level )?laser(?: therapy)?",
            r"LLLT", r"PEMF", r"magnetic therapy", r"ultraviolet"),
    *_rules(_C.DMEPOS, _S.PROSTHETICS_ORTHOTICS,
            r"braces?", r"orthos[ie]s", r"orthotics?", r"splints?", r"(?:ultra|shot)?slings?",
            r"immobili[sz]er", r"(?:back|lumbar|lumbosacral|LSO|knee|wrist|arch) supports?",
            r"LSO", r"TLSO", r"corsets?", r"(?:cervical )?collars?", r"insoles?", r"inserts?",
            r"compression (?:stockings?|garments?|sleeves?|hose)", r"prosthe\w*",
            r"(?:walking|CAM|fracture) boot", r"casts?", r"orthopedic shoes?",
            r"heel (?:lift|cup)s?"),
    *_rules(_C.DMEPOS, _S.SUPPLIES,
            r"gloves?", r"wipes?", r"pads?", r"leg wraps?", r"wraps?", r"electrodes?",
            r"batter(?:y|ies)",
            r"bandages?", r"dressings?", r"gauze", r"tape", r"supplies", r"catheters?",
            r"diapers?", r"incontinence", r"lead wires?", r"conductive garment"),
    *_rules(_C.DMEPOS, _S.DME,
            r"wheel ?chairs?", r"walkers?", r"rollators?", r"canes?", r"crutch\w*", r"scooters?",
            r"commodes?", r"(?:bath|shower|bath/shower|tub) (?:chair|bench|seat)s?", r"grab bars?",
            r"raised toilet seat", r"(?:hospital )?beds?", r"mattress\w*",
            r"(?:lift|recliner) chairs?",
            r"work ?stations?", r"desks?", r"(?:ergonomic |office )?chairs?", r"home exercise kit",
            r"exercise (?:equipment|ball|bike)", r"stationary bike", r"treadmill",
            r"(?:gym|pool) membership",
            r"hot tub", r"jacuzzi", r"spa", r"reachers?", r"DME", r"durable medical equipment",
            r"pillows?", r"(?:equipment|units?|machines?|devices?)"),
    *_rules(_C.EVALUATION_AND_MANAGEMENT, _S.DENTAL_SERVICES,
            r"dental", r"dentist\w*", r"teeth", r"tooth", r"dentures?", r"periodon\w*",
            r"oral surg\w*", r"crowns?", r"implants? (?:for|of) (?:the )?teeth"),
    *_rules(_C.EVALUATION_AND_MANAGEMENT, _S.MEDICAL_SPECIALTIES,
            r"(?:physical|initial|follow(?:-| )?up|new patient|comprehensive|re-?) ?"
            r"(?:exam\w*|visits?|evaluations?|consult\w*)",
            r"office visits?", r"second opinion", r"follow(?:-| )?ups?", r"re-?checks?",
            r"consult\w*", r"evaluations?", r"referrals?",
            r"(?:medical )?clearance",
            r"medication management", r"pain management", r"specialist", r"internist",
            r"internal medicine", r"cardiolog\w*", r"neurolog\w*", r"podiatr\w*", r"rheumatolog\w*",
            r"pulmonolog\w*", r"gastroenterolog\w*", r"urolog\w*", r"ophthalmolog\w*",
            r"optometr\w*",
            r"dermatolog\w*", r"endocrinolog\w*", r"sleep medicine", r"otolaryngolog\w*", r"ENT",
            r"physiatr\w*", r"exam\w*", r"visits?", r"appointments?"),
)


def _drugs(drug_class: DrugClass, *names: str) -> tuple[tuple[str, DrugClass], ...]:
    return tuple((name, drug_class) for name in names)


_D = DrugClass

#: Generic and brand names (lower case; a space matches any whitespace) and their class.
#: Branded compounding kits are filed under the class of their active ingredient.
DRUG_NAMES: tuple[tuple[str, DrugClass], ...] = (
    *_drugs(_D.OPIOIDS,
            "hydrocodone", "norco", "vicodin", "lortab", "hysingla", "zohydro", "oxycodone",
            "oxycontin", "percocet", "roxicodone", "endocet", "roxicet", "xtampza", "xartemis",
            "oxymorphone", "opana", "hydromorphone", "dilaudid", "exalgo", "morphine", "ms contin",
            "kadian", "avinza", "embeda", "fentanyl", "duragesic", "methadone", "tramadol",
            "ultram",
            "ultracet", "conzip", "ryzolt", "synapryn", "tapentadol", "nucynta", "buprenorphine",
            "butrans", "belbuca", "suboxone", "subutex", "zubsolv", "codeine", "levorphanol",
            "meperidine", "demerol", "pentazocine", "talwin", "tylenol with codeine", "trezix",
            "apadaz"),
    *_drugs(_D.NSAID,
            "ibuprofen", "motrin", "advil", "naproxen", "naprosyn", "anaprox", "aleve", "naprelan",
            "vimovo", "diclofenac", "voltaren", "arthrotec", "zorvolex", "cambia", "zipsor",
            "celecoxib", "celebrex", "meloxicam", "mobic", "vivlodex", "etodolac", "lodine",
            "nabumetone", "relafen", "ketorolac", "toradol", "sprix", "ketoprofen", "ketophene",
            "indomethacin", "indocin", "tivorbex", "piroxicam", "feldene", "sulindac", "clinoril",
            "oxaprozin", "daypro", "diflunisal", "fenoprofen", "nalfon", "flurbiprofen", "ansaid",
            "duexis", "salsalate", "aspirin", "mefenamic acid"),
    *_drugs(_D.MUSCLE_RELAXANT,
            "cyclobenzaprine", "flexeril", "amrix", "fexmid", "tabradol", "carisoprodol", "soma",
            "methocarbamol", "robaxin", "tizanidine", "zanaflex", "baclofen", "lioresal",
            "orphenadrine", "norflex", "metaxalone", "skelaxin", "chlorzoxazone", "lorzone",
            "parafon forte", "dantrolene", "dantrium"),
    *_drugs(_D.PROTON_PUMP_INHIBITORS,
            "omeprazole", "prilosec", "esomeprazole", "nexium", "pantoprazole", "protonix",
            "lansoprazole", "prevacid", "rabeprazole", "aciphex", "dexlansoprazole", "dexilant"),
    *_drugs(_D.H2_BLOCKER,
            "ranitidine", "zantac", "famotidine", "pepcid", "cimetidine", "tagamet", "nizatidine",
            "axid", "deprizine"),
    *_drugs(_D.ANTI_EPILEPSY_DRUGS,
            "gabapentin", "neurontin", "gralise", "horizant", "fanatrex", "pregabalin", "lyrica",
            "topiramate", "topamax", "carbamazepine", "tegretol", "oxcarbazepine", "trileptal",
            "lamotrigine", "lamictal", "levetiracetam", "keppra", "divalproex", "depakote",
            "valproic acid", "zonisamide", "zonegran"),
    *_drugs(_D.ANTIDEPRESSANT,
            "amitriptyline", "elavil", "nortriptyline", "pamelor", "desipramine", "imipramine",
            "doxepin", "duloxetine", "cymbalta", "venlafaxine", "effexor", "desvenlafaxine",
            "pristiq", "milnacipran", "savella", "bupropion", "wellbutrin", "trazodone", "desyrel",
            "sertraline", "zoloft", "fluoxetine", "prozac", "paroxetine", "paxil", "citalopram",
            "celexa", "escitalopram", "lexapro", "mirtazapine", "remeron", "vilazodone",
            "viibryd", "vortioxetine", "trintellix", "brintellix"),
    *_drugs(_D.SEDATIVE_HYPNOTICS,
            "zolpidem", "ambien", "intermezzo", "edluar", "eszopiclone", "lunesta", "zaleplon",
            "sonata", "suvorexant", "belsomra", "ramelteon", "rozerem"),
    *_drugs(_D.BENZODIAZEPINES,
            "diazepam", "valium", "alprazolam", "xanax", "lorazepam", "ativan", "clonazepam",
            "klonopin", "temazepam", "restoril", "chlordiazepoxide", "librium", "oxazepam"),
    *_drugs(_D.ANTIHISTAMINE,
            "diphenhydramine", "benadryl", "dicopanol", "hydroxyzine", "vistaril", "atarax",
            "cetirizine", "zyrtec", "loratadine", "claritin", "doxylamine", "unisom", "meclizine",
            "antivert"),
    *_drugs(_D.ANTIEMETIC,
            "ondansetron", "zofran", "promethazine", "phenergan", "metoclopramide", "reglan",
            "prochlorperazine", "compazine", "trimethobenzamide", "scopolamine"),
    *_drugs(_D.LAXATIVE,
            "docusate", "colace", "senna", "senokot", "sennosides", "bisacodyl", "dulcolax",
            "polyethylene glycol", "miralax", "lactulose", "lubiprostone", "amitiza",
            "linaclotide", "linzess"),
    *_drugs(_D.OPIOID_ANTAGONIST,
            "naloxone", "narcan", "naltrexone", "methylnaltrexone", "relistor", "naloxegol",
            "movantik"),
    *_drugs(_D.BARBITURATE_COMBINATION, "fioricet", "fiorinal", "butalbital", "esgic"),
    *_drugs(_D.NON_OPIOID_ANALGESIC, "acetaminophen", "tylenol", "apap", "paracetamol"),
    *_drugs(_D.LOCAL_ANESTHETIC, "lidocaine", "bupivacaine", "prilocaine", "marcaine"),
    *_drugs(_D.TOPICAL_ANALGESICS,
            "lidoderm", "anecream", "lidopro", "terocin", "salonpas", "menthol", "capsaicin",
            "zostrix", "methyl salicylate", "bengay", "biofreeze", "icy hot", "flector",
            "pennsaid", "camphor", "dendracin", "menthoderm", "synovacin"),
    *_drugs(_D.CORTICOSTEROID,
            "prednisone", "methylprednisolone", "medrol", "dexamethasone", "decadron",
            "prednisolone", "hydrocortisone", "triamcinolone", "kenalog", "depo-medrol",
            "celestone", "betamethasone"),
    *_drugs(_D.TRIPTAN,
            "sumatriptan", "imitrex", "rizatriptan", "maxalt", "zolmitriptan", "zomig",
            "eletriptan", "relpax", "naratriptan", "amerge", "frovatriptan", "frova",
            "almotriptan", "axert"),
    *_drugs(_D.MEDICAL_FOOD,
            "theramine", "sentra", "sentra am", "sentra pm", "trepadone", "gabadone", "percura",
            "apptrim", "hypertensa", "fluricamine"),
    *_drugs(_D.VITAMINS_SUPPLEMENTS,
            "vitamin d", "vitamin b12", "b12", "folic acid", "glucosamine", "chondroitin",
            "cosamin", "fish oil", "omega-3", "melatonin", "calcium", "multivitamin", "iron"),
    *_drugs(_D.STIMULANT,
            "modafinil", "provigil", "armodafinil", "nuvigil", "methylphenidate", "ritalin",
            "adderall", "amphetamine"),
    *_drugs(_D.ANTIPSYCHOTIC,
            "quetiapine", "seroquel", "aripiprazole", "abilify", "olanzapine", "zyprexa",
            "risperidone", "risperdal"),
    *_drugs(_D.ANXIOLYTIC, "buspirone", "buspar"),
    *_drugs(_D.ANTICOAGULANT,
            "enoxaparin", "lovenox", "rivaroxaban", "xarelto", "apixaban", "eliquis", "warfarin",
            "coumadin", "heparin"),
    *_drugs(_D.ANTIBIOTIC,
            "cephalexin", "keflex", "cefazolin", "ancef", "amoxicillin", "augmentin",
            "ciprofloxacin", "cipro", "doxycycline", "clindamycin", "bactrim"),
    *_drugs(_D.ANTIHYPERTENSIVE,
            "lisinopril", "amlodipine", "losartan", "hydrochlorothiazide", "metoprolol",
            "propranolol", "clonidine"),
    *_drugs(_D.ANTIDIABETIC, "metformin", "glipizide", "insulin"),
    *_drugs(_D.ERECTILE_DYSFUNCTION, "sildenafil", "viagra", "tadalafil", "cialis",
            "vardenafil", "levitra"),
)

#: Words that mark a compounded preparation: its class is "Topical Compounds" whatever
#: the ingredients (a request naming two or more "%"-strength drugs counts as well).
COMPOUND_MARKERS: tuple[str, ...] = (
    r"(?:cream|gel|lotion|ointment|transdermal|lipoderm|PLO) base", r"compound\w*",
    r"in (?:a )?(?:cream|gel|lotion|ointment)",
)

#: Dosage forms applied to the skin.
TOPICAL_FORMS: tuple[str, ...] = (
    r"patch(?:es)?", r"creams?", r"gels?", r"ointments?", r"lotions?", r"topical\w*",
    r"transdermal", r"sprays?", r"roll-?on", r"liniments?", r"pads?", r"balms?", r"rubs?",
    r"films?",
)

#: Classes with topical products on the market (diclofenac gel, lidocaine patch, ...): a
#: topical form of one is filed as "Topical Analgesics" (opioid patches such as Butrans
#: stay opioids).
TOPICAL_CLASSES: frozenset[DrugClass] = frozenset({
    _D.NSAID, _D.LOCAL_ANESTHETIC, _D.NON_OPIOID_ANALGESIC,
})

#: Classes and drugs with no topical product on the market: a cream or gel of one is made
#: by a compounding pharmacy, so it is filed as "Topical Compounds".
COMPOUNDED_CLASSES: frozenset[DrugClass] = frozenset({
    _D.MUSCLE_RELAXANT, _D.ANTI_EPILEPSY_DRUGS, _D.ANTIDEPRESSANT,
})
COMPOUNDED_NAMES: frozenset[str] = frozenset({"ketoprofen", "flurbiprofen", "tramadol"})

#: Words that end the name of the treatment: what follows says why, when or where
#: ("after lumbar fusion", "for the right knee"), so the classifier reads the words before
#: them first and the whole request only when those name nothing.
HEAD_ENDS: tuple[str, ...] = (
    r"after", r"following", r"for", r"status post", r"s/p", r"prior to", r"before",
    r"due to", r"secondary to", r"in preparation", r"to treat", r"to rule out", r"r/o",
)

#: Categories (and subcategories) whose quantity is a number of sessions or visits, so a
#: bare "#6" counts sessions rather than units.
SESSION_CATEGORIES: frozenset[TreatmentCategory | TreatmentSubcategory] = frozenset({
    _C.REHABILITATION, _C.THERAPIES, _C.HOME_HEALTH, _S.PSYCH_THERAPIES,
})

_R = BodyRegion
_L = Laterality

#: Region words, most specific first (the reader skips words inside a longer match).
REGION_WORDS: tuple[RegionWord, ...] = (
    RegionWord(r"RUE", _R.UPPER_EXTREMITY, _L.RIGHT),
    RegionWord(r"LUE", _R.UPPER_EXTREMITY, _L.LEFT),
    RegionWord(r"BUE", _R.UPPER_EXTREMITY, _L.BILATERAL),
    RegionWord(r"RLE", _R.LOWER_EXTREMITY, _L.RIGHT),
    RegionWord(r"LLE", _R.LOWER_EXTREMITY, _L.LEFT),
    RegionWord(r"BLE", _R.LOWER_EXTREMITY, _L.BILATERAL),
    RegionWord(r"cervicothoracic(?: spine)?", _R.CERVICAL_SPINE),
    RegionWord(r"thoracolumbar(?: spine)?", _R.LUMBAR_SPINE),
    RegionWord(r"lumbosacral(?: spine| region)?", _R.LUMBAR_SPINE),
    RegionWord(r"lumbar(?: spine| region)?", _R.LUMBAR_SPINE),
    RegionWord(r"low(?:er)? back", _R.LUMBAR_SPINE),
    RegionWord(r"L-? ?spine", _R.LUMBAR_SPINE),
    RegionWord(r"cervical(?: spine| region)?", _R.CERVICAL_SPINE),
    RegionWord(r"C-? ?spine", _R.CERVICAL_SPINE),
    RegionWord(r"neck", _R.CERVICAL_SPINE),
    RegionWord(r"thoracic(?: spine| region)?", _R.THORACIC_SPINE),
    RegionWord(r"T-? ?spine", _R.THORACIC_SPINE),
    RegionWord(r"(?:mid|upper) back", _R.THORACIC_SPINE),
    RegionWord(r"sacroiliac(?: joints?)?", _R.SACROILIAC),
    RegionWord(r"SI joints?", _R.SACROILIAC),
    RegionWord(r"spin(?:e|al)", _R.SPINE),
    RegionWord(r"back", _R.BACK),
    RegionWord(r"pelvi[cs]", _R.PELVIS),
    RegionWord(r"head", _R.HEAD),
    RegionWord(r"face|facial", _R.FACE),
    RegionWord(r"jaw|TMJ|temporomandibular", _R.JAW),
    RegionWord(r"chest", _R.CHEST),
    RegionWord(r"abdomen|abdominal", _R.ABDOMEN),
    RegionWord(r"shoulders?", _R.SHOULDER),
    RegionWord(r"rotator cuff", _R.SHOULDER),
    RegionWord(r"upper arms?", _R.UPPER_ARM),
    RegionWord(r"elbows?", _R.ELBOW),
    RegionWord(r"forearms?", _R.FOREARM),
    RegionWord(r"wrists?", _R.WRIST),
    RegionWord(r"carpal tunnel", _R.WRIST),
    RegionWord(r"hands?", _R.HAND),
    RegionWord(r"fingers?|thumbs?", _R.FINGER),
    RegionWord(r"upper (?:extremit(?:y|ies)|limbs?)", _R.UPPER_EXTREMITY),
    RegionWord(r"arms?", _R.UPPER_EXTREMITY),
    RegionWord(r"hips?", _R.HIP),
    RegionWord(r"groin", _R.GROIN),
    RegionWord(r"thighs?", _R.THIGH),
    RegionWord(r"knees?", _R.KNEE),
    RegionWord(r"lower legs?|calf|calves|shin", _R.LOWER_LEG),
    RegionWord(r"ankles?", _R.ANKLE),
    RegionWord(r"feet|foot", _R.FOOT),
    RegionWord(r"toes?", _R.TOE),
    RegionWord(r"lower (?:extremit(?:y|ies)|limbs?)", _R.LOWER_EXTREMITY),
    RegionWord(r"legs?", _R.LOWER_EXTREMITY),
)


#: The spinal region a level's letter implies ("L4 transforaminal epidural" is lumbar):
#: given to a request that names a level but no spinal segment.  The sacral levels are
#: filed with the lumbar spine, as "lumbosacral" is.
LEVEL_REGIONS: Mapping[str, BodyRegion] = {
    "C": _R.CERVICAL_SPINE, "T": _R.THORACIC_SPINE, "L": _R.LUMBAR_SPINE, "S": _R.LUMBAR_SPINE,
}
#: The regions a level makes redundant: a request naming one of them keeps its own words.
SPINAL_SEGMENTS: frozenset[BodyRegion] = frozenset(LEVEL_REGIONS.values())


@attrs.frozen
class Vocabulary:
    """The tables one reader uses; :data:`DEFAULT` holds the built-in ones."""

    procedure_rules: tuple[Rule, ...]
    service_rules: tuple[Rule, ...]
    drug_names: tuple[tuple[str, DrugClass], ...]
    region_words: tuple[RegionWord, ...]
    compound_markers: tuple[str, ...] = COMPOUND_MARKERS
    topical_forms: tuple[str, ...] = TOPICAL_FORMS
    topical_classes: frozenset[DrugClass] = TOPICAL_CLASSES
    compounded_classes: frozenset[DrugClass] = COMPOUNDED_CLASSES
    compounded_names: frozenset[str] = COMPOUNDED_NAMES
    session_categories: frozenset[TreatmentCategory | TreatmentSubcategory] = SESSION_CATEGORIES
    head_ends: tuple[str, ...] = HEAD_ENDS

    def __attrs_post_init__(self) -> None:
        check(self)

    def extend(self, *, procedure_rules: Iterable[Rule] = (), service_rules: Iterable[Rule] = (),
               drug_names: Iterable[tuple[str, DrugClass]] = (),
               region_words: Iterable[RegionWord] = ()) -> Vocabulary:
        """A copy with more rows; added rules and region words are tried first."""
        return attrs.evolve(
            self,
            procedure_rules=(*procedure_rules, *self.procedure_rules),
            service_rules=(*service_rules, *self.service_rules),
            drug_names=(*self.drug_names, *drug_names),
            region_words=(*region_words, *self.region_words),
        )

    @property
    def drugs(self) -> dict[str, DrugClass]:
        """Drug name (lower case, single-spaced) to class."""
        return dict(self.drug_names)


def check(vocabulary: Vocabulary) -> None:
    """Raise ``ValueError`` naming the first bad row: a pattern that does not compile,
    matches the empty string or has a capturing group, a duplicate drug name, a subcategory
    outside its category."""
    rules = {"procedure_rules": vocabulary.procedure_rules,
             "service_rules": vocabulary.service_rules}
    patterns = {**{table: [r.pattern for r in rows] for table, rows in rules.items()},
                "region_words": [w.pattern for w in vocabulary.region_words],
                "compound_markers": vocabulary.compound_markers,
                "topical_forms": vocabulary.topical_forms, "head_ends": vocabulary.head_ends}
    for table, column in patterns.items():
        for pattern in column:
            compiled = _check.compiled(table, pattern, pattern, re.compile)
            _check.require(not compiled.fullmatch(""), table, pattern,
                           "matches the empty string")
            # The reader numbers its own groups.
            _check.require(not compiled.groups, table, pattern,
                           "has a capturing group; use (?:...)")
    for table, rows in rules.items():
        for rule in rows:
            _check.require(rule.subcategory is None
                           or rule.subcategory in SUBCATEGORIES[rule.category], table,
                           rule.pattern, f"{rule.subcategory} is not a subcategory of "
                                         f"{rule.category}")
    for name, _ in vocabulary.drug_names:
        _check.require(name == " ".join(name.lower().split()), "drug_names", name,
                       "is not lower case and single-spaced")
    _check.unique("drug_names", (name for name, _ in vocabulary.drug_names))


#: The built-in vocabulary.
DEFAULT = Vocabulary(
    procedure_rules=PROCEDURE_RULES,
    service_rules=SERVICE_RULES,
    drug_names=DRUG_NAMES,
    region_words=REGION_WORDS,
)
