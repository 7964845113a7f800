#!/usr/bin/env python3
"""Generates synthetic project proposals (proposal format 1.0) for benchmarks.

Every document follows docs/proposal-format.md: sections in the prescribed order, German free
text in child elements, facts in attributes. About 30 % of the documents are consistent: they
validate against schema/proposal.xsd and pass every rule that applies to them. The others carry
deliberate defects (missing elements, dangling references, duplicate ids, milestones outside
the runtime, amounts that do not add up, thresholds crossed without approval, ...), one family
per rule of rules/*.rules, so that every rule fails on some documents and passes on others.
Values stay well-typed (dates are dates, numbers are numbers): a defect is something a rule
reports as a finding, not an evaluation error. Every document has a submission date, the date
konform evaluates it at.

The output is deterministic: document i depends only on --seed and i, so a run with more
documents repeats the documents of a smaller run.

Usage:
  gen_proposals.py -n 1000 --seed 1 --out /tmp/proposals [--min-kb 5] [--max-kb 500]
                   [--manifest faults.jsonl] [--jobs 0]
"""

import argparse
import datetime
import json
import math
import multiprocessing
import os
import random
import sys
import unicodedata

# ---------------------------------------------------------------------------------------------
# The rules of rules/*.rules whose failure the generator can provoke, one defect family each.

RULE_IDS = [
    # governance
    "GOV-001", "GOV-002", "GOV-003", "GOV-004", "GOV-005", "GOV-006", "GOV-007", "GOV-008",
    "GOV-009", "GOV-012", "GOV-013", "GOV-015", "GOV-016", "GOV-017", "GOV-018", "GOV-020",
    "GOV-021", "GOV-022", "GOV-023", "GOV-024",
    # interoperability
    "INT-001", "INT-002", "INT-003", "INT-004", "INT-006", "INT-007", "INT-010", "INT-011",
    "INT-012", "INT-101", "INT-102", "INT-103", "INT-104", "INT-106", "INT-107", "INT-108",
    "INT-109", "INT-110", "INT-113", "INT-151", "INT-152", "INT-153", "INT-154", "INT-155",
    "INT-157",
    # security
    "SEC-001", "SEC-003", "SEC-004", "SEC-005", "SEC-006", "SEC-007", "SEC-009", "SEC-010",
    "SEC-012", "SEC-014", "SEC-015", "SEC-017", "SEC-018", "SEC-021", "SEC-022", "SEC-023",
    "SEC-024", "SEC-104", "SEC-105", "SEC-106", "SEC-107", "SEC-108", "SEC-113", "SEC-116",
    "SEC-117",
    # ai
    "KI-001", "KI-002", "KI-003", "KI-005", "KI-007", "KI-009", "KI-010", "KI-011", "KI-012",
    "KI-013", "KI-014",
    # competences
    "KOM-001", "KOM-002", "KOM-003", "KOM-004", "KOM-010", "KOM-011", "KOM-012", "KOM-013",
    "KOM-014", "KOM-015",
    # economics
    "WIR-001", "WIR-002", "WIR-003", "WIR-004", "WIR-005", "WIR-007", "WIR-008", "WIR-009",
    "WIR-010", "WIR-011", "WIR-012", "WIR-013", "WIR-014", "WIR-015",
    # operations
    "INF-001", "INF-002", "INF-003", "INF-004", "INF-006", "INF-007", "INF-010", "INF-011",
    "INF-012", "INF-013", "INF-014", "INF-015",
    # user centricity
    "NUT-001", "NUT-002", "NUT-004", "NUT-005", "NUT-006", "NUT-007", "NUT-009", "NUT-101",
    "NUT-102", "NUT-104", "NUT-105", "NUT-106",
]

# Defects that make other rules fail as well (the manifest lists those too).
CONSEQUENCES = {
    "GOV-021": {"GOV-008"},  # an end before the start puts milestones outside the runtime
}
# Defects that cannot be combined: the second one is dropped.
CONFLICTS = [
    ("SEC-017", "SEC-104"),  # no DPIA planned / DPIA planned too late
    ("GOV-017", "GOV-018"),  # the appraisal is needed to compare alternatives
    ("GOV-017", "WIR-001"), ("GOV-017", "WIR-002"), ("GOV-017", "WIR-005"),
    ("GOV-017", "WIR-010"), ("GOV-017", "WIR-014"), ("GOV-018", "WIR-014"),
    ("GOV-018", "WIR-003"),
    ("KI-009", "SEC-015"), ("KI-009", "SEC-017"), ("KI-009", "SEC-018"),
    ("KI-009", "SEC-104"), ("KI-009", "SEC-107"), ("KI-009", "SEC-105"),
    ("KI-009", "SEC-106"), ("KI-009", "SEC-108"), ("KI-009", "SEC-022"),
    ("KI-009", "SEC-023"), ("KI-009", "KOM-015"),
    ("KI-001", "KI-002"), ("KI-001", "KI-003"), ("KI-001", "KI-005"), ("KI-001", "KI-007"),
    ("KI-001", "KI-009"), ("KI-001", "KI-010"), ("KI-001", "KI-011"), ("KI-001", "KI-012"),
    ("KI-001", "KI-013"), ("KI-001", "KI-014"), ("KI-001", "KOM-011"), ("KI-001", "KOM-012"),
    ("KOM-011", "KOM-012"),
    ("GOV-021", "GOV-023"), ("GOV-024", "GOV-021"),
    ("INT-110", "WIR-011"), ("INT-110", "WIR-009"), ("WIR-011", "WIR-009"),
    ("WIR-012", "INT-110"), ("WIR-012", "WIR-011"),
    ("SEC-001", "SEC-113"), ("NUT-001", "NUT-002"), ("SEC-017", "SEC-022"),
    ("SEC-017", "SEC-023"),
    ("GOV-015", "KOM-004"), ("GOV-020", "KOM-004"), ("INF-013", "KOM-004"),
    ("KOM-013", "KI-001"), ("KOM-013", "KI-002"), ("KOM-013", "KI-003"),
    ("KOM-013", "KI-005"), ("KOM-013", "KI-007"), ("KOM-013", "KI-009"), ("KOM-013", "KI-010"),
    ("KOM-013", "KI-011"), ("KOM-013", "KI-012"), ("KOM-013", "KI-013"), ("KOM-013", "KI-014"),
    ("KOM-013", "KOM-011"), ("KOM-013", "KOM-012"),
    ("GOV-004", "GOV-005"), ("INT-102", "INT-104"), ("INT-101", "INT-103"),
    ("INT-101", "INT-104"),
    ("WIR-011", "SEC-009"), ("WIR-011", "SEC-010"), ("WIR-011", "INF-006"),
    ("WIR-012", "SEC-009"), ("WIR-012", "SEC-010"), ("WIR-012", "INF-006"),
    ("INF-003", "INF-015"), ("GOV-022", "INF-002"), ("GOV-022", "INF-003"),
    ("GOV-022", "GOV-006"),
    ("INT-151", "NUT-007"), ("GOV-008", "GOV-023"), ("INF-011", "GOV-008"),
]

# Defects that take a component of their own (see Generator.make_components).
CLAIMING_RULES = ["SEC-001", "SEC-004", "SEC-006", "SEC-009", "SEC-010", "SEC-014", "SEC-107",
                  "SEC-113", "INF-002", "INF-003", "INF-004", "INF-006", "INF-015", "INT-012",
                  "INT-109", "WIR-007", "WIR-009", "NUT-004", "NUT-005"]

# Thresholds of rules/*.rules.
APPROVAL_LIMIT_YEAR = 500000  # governance: IT-Zustimmungsvorbehalt
APPROVAL_LIMIT_TOTAL = 3000000
HIGH_RISK_SCORE = 15
MIN_LOG_RETENTION_DAYS = 183  # ai: Art. 19 and 26 AI Act
C5_MAX_AGE_DAYS = 365  # security: SEC-010
AI_ACT_PROHIBITIONS = datetime.date(2025, 2, 2)  # effective-from of KI-002, KOM-011, KOM-012
AI_ACT_GENERAL = datetime.date(2026, 8, 2)  # effective-from of KI-005, KI-007, KI-011 to KI-014
EEA = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
       "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO"}

CLEAN_SHARE = 0.3  # documents without any deliberate defect
DEFECT_PROBABILITY = 0.03  # per rule, in the other documents

# ---------------------------------------------------------------------------------------------
# Vocabulary.

MINISTRIES = ["BMDS", "BMI", "BMF", "BMAS", "BMG", "BMWE", "BMJV", "BMBFSFJ", "BMV", "BMUKN",
              "BMWSB", "BMVg", "AA", "BMFTR", "BMLEH", "BMZ"]
UNITS = ["DG II 3", "Z I 4", "O 2", "DV 1", "Referat 114", "IT 5", "G 3", "Z 15", "SV I 2",
         "Referat DI 4"]
FIRST_NAMES = ["Anna", "Jürgen", "Özlem", "Lukas", "Marie", "Björn", "Sabine", "Thomas", "Leonie",
               "Krzysztof", "Fatma", "Jörg", "Katharina", "Mehmet", "Ursula", "Dirk", "Svenja",
               "Günther", "Aylin", "Matthias", "Élodie", "Sören", "Petra", "Ingrid"]
LAST_NAMES = ["Müller", "Schmidt", "Weiß", "Özdemir", "Krüger", "Hoffmann", "Schäfer", "Groß",
              "Becker", "Wagner", "Nowak", "Yılmaz", "Fuchs", "Köhler", "Lehmann", "Bräuer",
              "Schulze", "Maaß", "Jäger", "Zimmermann"]
OPERATORS = ["ITZBund", "BWI GmbH", "DVZ M-V", "Dataport", "AKDB", "IONOS SE", "StackIT GmbH",
             "Open Telekom Cloud", "Bundesdruckerei", "Fachdienstleister GmbH"]
STANDARDS = [("XDOMEA", "3.0.0"), ("XÖV-Personenstand", "1.12"), ("FIM", "2.1"),
             ("XBau", "2.3"), ("OpenAPI", "3.1.0"), ("XTA", "2.0"), ("OSCI", "1.2"),
             ("XJustiz", "3.4.1"), ("XInneres", "9.1"), ("SAP-RFC", None), ("EDIFACT", "D.96A"),
             ("AS4", "1.0"), ("GraphQL", None)]
COUNTRIES = ["DE", "DE", "DE", "DE", "FR", "NL", "AT", "IE", "US", "SE"]
THIRD_COUNTRIES = ["US", "IN", "GB", "CH", "JP"]
LEGAL_NORMS = ["§ 23 WoGG", "§ 3 OZG", "§ 9 EGovG", "§ 67a SGB X", "§ 30 AO", "§ 88 SGB X",
               "Art. 87 GG i. V. m. § 5 BHO", "§ 12 BKGG", "§ 6 BAföG", "§ 4 IFG",
               "§ 19 PAuswG", "§ 2 EGovG"]

SUBJECTS = ["Das Vorhaben", "Die Fachanwendung", "Das federführende Referat", "Die Projektgruppe",
            "Der IT-Dienstleister des Bundes", "Die Bundesbehörde", "Das Antragsverfahren",
            "Die neue Schnittstelle", "Das Nutzerkonto", "Der Betrieb im ITZBund",
            "Die Produktverantwortliche", "Das Fachverfahren", "Die zentrale Plattform",
            "Die Länderarbeitsgruppe", "Das Kompetenzzentrum"]
VERBS = ["unterstützt", "vereinfacht", "beschleunigt", "ersetzt", "bündelt", "dokumentiert",
         "überprüft", "verbessert", "automatisiert", "standardisiert", "begleitet", "bewertet",
         "erweitert", "konsolidiert", "vereinheitlicht"]
OBJECTS = ["die Bearbeitung von Anträgen", "den Austausch mit den Ländern",
           "die Prüfung der Nachweise", "die elektronische Aktenführung",
           "die Zusammenarbeit zwischen Bund und Ländern", "die Übermittlung an das Fachverfahren",
           "die Auszahlung der Förderung", "die Kommunikation mit Bürgerinnen und Bürgern",
           "die Zustellung von Bescheiden", "die Qualitätssicherung der Stammdaten",
           "die Berichterstattung an den Lenkungsausschuss", "den Abruf aus dem Basisregister",
           "die Löschung nach Ablauf der Aufbewahrungsfrist", "die Anbindung an die BundID",
           "die Barrierefreiheit der Oberfläche",
           "die Protokollierung sicherheitsrelevanter Ereignisse"]
ADJUNCTS = ["gemäß § 9 EGovG", "im Rahmen der OZG-Umsetzung", "nach den Vorgaben des BSI",
            "über FIT-Connect", "unter Beachtung der DSGVO", "ab dem Haushaltsjahr 2027",
            "für rund 12.000 Fälle pro Jahr", "mit weniger als 5 % manueller Nacharbeit (< 5 %)",
            "in Abstimmung mit Bund & Ländern", "für „Einer für Alle“-Leistungen",
            "auf Grundlage der Architekturrichtlinie für die IT des Bundes",
            "entsprechend dem Servicestandard", "im Zusammenwirken mit der FITKO",
            "unter Nutzung des Deutschland-Stacks", "mit Blick auf die Nachnutzung in den Ländern",
            "binnen drei Arbeitstagen", "ohne Medienbrüche", "im 24/7-Betrieb"]
CLAUSES = ["weil bisher Papieranträge manuell erfasst werden",
           "da die bestehende Lösung das Ende ihres Lebenszyklus erreicht",
           "sodass Rückfragen an die Antragstellenden deutlich seltener werden",
           "wobei die Zuständigkeit der Länder unberührt bleibt",
           "damit Bescheide ohne Medienbruch zugestellt werden können",
           "nachdem die Nutzerforschung Hürden beim Nachweis-Upload gezeigt hat",
           "obwohl die Fallzahlen saisonal stark schwanken",
           "sofern der Haushaltsausschuss die Mittel freigibt",
           "was die Durchlaufzeit von 42 auf unter 10 Tage verkürzt"]
NOUN_TITLES = ["Wohngeld digital", "Elterngeld Plus online", "Förderportal Bund",
               "E-Akte Bund Ausbau", "Registermodernisierung Kfz", "Digitale Einbürgerung",
               "Bundesportal 2.0", "Fachkräfteeinwanderung online", "BAföG Digital",
               "Unternehmensbasisdaten", "Digitaler Bauantrag", "Bürgergeld Online-Antrag",
               "KI-Assistenz Posteingang", "Zentrales Beschaffungsportal", "Zollabwicklung digital"]
COMPONENT_NAMES = ["Antragsportal", "Sachbearbeitungsoberfläche", "Fachverfahrenskern",
                   "Dokumentenablage", "Zahlungsmodul", "Postfachanbindung", "Stammdatendienst",
                   "Berichtsmodul", "Prüfregelwerk", "Terminbuchung", "Suchindex",
                   "Identitätsanbindung", "Archivschnittstelle", "Mobile App", "Chat-Assistent",
                   "Datenbankcluster", "Integrationsplattform", "Monitoring"]


class Element:
    """A minimal XML element: tag, ordered attributes, children, optional text."""

    __slots__ = ("tag", "attrs", "children", "text")

    def __init__(self, tag, attrs=None, children=None, text=None):
        self.tag = tag
        self.attrs = attrs if attrs is not None else {}
        self.children = children if children is not None else []
        self.text = text

    def add(self, child):
        if child is not None:
            self.children.append(child)
        return child


def escape_text(value):
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(value):
    return escape_text(value).replace('"', "&quot;")


def serialize(root):
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n']

    def write(node, indent):
        parts.append(indent)
        parts.append("<" + node.tag)
        for name, value in node.attrs.items():
            parts.append(f' {name}="{escape_attr(str(value))}"')
        if node.children:
            parts.append(">\n")
            child_indent = indent + "  "
            for child in node.children:
                write(child, child_indent)
            parts.append(f"{indent}</{node.tag}>\n")
        elif node.text is not None:
            parts.append(f">{escape_text(node.text)}</{node.tag}>\n")
        else:
            parts.append("/>\n")

    write(root, "")
    return "".join(parts)


def iso(day):
    return day.isoformat()


def fmt_amount(value_cents, with_cents):
    """Formats an amount given in cents; whole euros without a fraction."""
    if with_cents:
        return f"{value_cents // 100}.{value_cents % 100:02d}"
    return str(value_cents // 100)


def slug(text):
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-", "Ä": "Ae",
                           "Ö": "Oe", "Ü": "Ue"})
    return "".join(c for c in text.translate(table).lower() if c.isalnum() or c == "-")


def ascii_slug(text):
    """Lower-case ASCII transliteration, e.g. for e-mail addresses."""
    text = text.translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae",
                                         "Ö": "Oe", "Ü": "Ue", "ı": "i"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in text.lower() if c.isalnum() or c == "-")


class Generator:
    """Builds one proposal. All randomness comes from self.rng."""

    def __init__(self, seed, index, target_bytes):
        self.rng = random.Random(f"konform-bench:{seed}:{index}")
        self.index = index
        self.target = target_bytes
        self.text_slots = []  # elements whose free text may grow to reach the target size
        # Small documents leave out optional elements and keep texts to one sentence.
        self.compact = target_bytes < 16000
        self.faults = set()

    # -- helpers ------------------------------------------------------------------------------

    def chance(self, p):
        return self.rng.random() < p

    def optional(self, p):
        """Whether to write an optional element; rarely in compact documents."""
        return self.rng.random() < (p * 0.2 if self.compact else p)

    def pick(self, seq):
        return self.rng.choice(seq)

    def boolean(self, p=0.5):
        return "true" if self.chance(p) else "false"

    def sentence(self):
        r = self.rng
        words = [r.choice(SUBJECTS), r.choice(VERBS), r.choice(OBJECTS)]
        if r.random() < 0.7:
            words.append(r.choice(ADJUNCTS))
        text = " ".join(words)
        if r.random() < 0.4:
            text += ", " + r.choice(CLAUSES)
        return text + "."

    def paragraph(self, sentences=None):
        count = sentences if sentences is not None else self.rng.randint(2, 6)
        return " ".join(self.sentence() for _ in range(count))

    def text(self, tag, sentences=None, slot=True):
        if self.compact:
            sentences = 1
        element = Element(tag, text=self.paragraph(sentences))
        if slot:
            self.text_slots.append(element)
        return element

    def person(self):
        return f"{self.pick(FIRST_NAMES)} {self.pick(LAST_NAMES)}"

    def days(self, low, high):
        """A random span of low to high days."""
        return datetime.timedelta(days=self.rng.randint(low, high))

    def date_between(self, first, last):
        span = (last - first).days
        return first + datetime.timedelta(days=self.rng.randint(0, max(span, 0)))

    # -- plan ---------------------------------------------------------------------------------

    def plan(self):
        """Chooses the defects, the flags and the sizes of the lists."""
        r = self.rng
        if not self.chance(CLEAN_SHARE):
            for rule in RULE_IDS:
                if r.random() < DEFECT_PROBABILITY:
                    self.faults.add(rule)
            if not self.faults:
                self.faults.add(r.choice(RULE_IDS))
        for first, second in CONFLICTS:
            if first in self.faults and second in self.faults:
                self.faults.discard(second)
        for rule in sorted(self.faults):
            self.faults |= CONSEQUENCES.get(rule, set())
        f = self.faults

        # Classification flags; a defect forces the flags that make its rule applicable.
        self.sdg = bool(f & {"INT-151", "INT-152", "INT-153"})
        self.ozg = self.chance(0.35) or bool(f & {"INT-003", "INT-004", "NUT-106"})
        self.citizen = (self.chance(0.8) if self.ozg else self.chance(0.2)) or self.sdg or bool(
            f & {"INT-006", "INT-007", "INT-154", "INT-155", "INT-157", "NUT-006", "NUT-007",
                 "NUT-009", "NUT-001", "NUT-002"})
        self.sdg = self.sdg or (self.citizen and self.chance(0.25))
        self.process_support = (self.chance(0.45) or bool(f & {"GOV-015", "GOV-020"})) and (
            "KOM-004" not in f)
        self.regulation_change = self.chance(0.3) or "GOV-009" in f
        self.cross_border = self.chance(0.1) or "INT-107" in f
        self.security_domain = self.chance(0.1) and "GOV-004" not in f and "GOV-005" not in f
        self.strategic = self.chance(0.25) or "GOV-005" in f
        self.personal = (self.chance(0.7) or bool(
            f & {"SEC-015", "SEC-017", "SEC-018", "SEC-104", "SEC-107", "SEC-105", "SEC-106",
                 "SEC-108", "SEC-022", "SEC-023", "SEC-024", "KOM-015"})) and "KI-009" not in f
        self.third_country = self.personal and (self.chance(0.1) or bool(
            f & {"SEC-108", "SEC-024"}))
        self.produces_records = self.chance(0.5) or "INT-113" in f
        ai_faults = {"KI-002", "KI-003", "KI-005", "KI-007", "KI-009", "KI-010", "KI-011",
                     "KI-012", "KI-013", "KI-014", "KOM-011", "KOM-012"}
        self.ai_used = (self.chance(0.25) or bool(f & ai_faults)) and "KOM-013" not in f
        self.ai_personal = self.ai_used and (self.personal and self.chance(0.5)
                                             or "KI-009" in f)
        self.project_type = r.choice(["newService", "rollout", "pilot", "modernisation",
                                      "migration"])
        if "KOM-004" in f:
            self.project_type = "rollout"
        elif "INF-013" in f:
            self.project_type = r.choice(["modernisation", "migration"])
        self.methodology = "vModellXtBund" if "GOV-007" in f else r.choice(
            ["agile", "vModellXtBund", "hybrid", "other"])
        # A revision of a running project: the document is dated after the start of productive
        # processing, so milestones before it are reached (INF-011, GOV-023).
        self.revision = self.chance(0.15) or "INF-011" in f
        # Rules in force from a date are judged as of the submission date (--as-of default).
        if f & {"KI-005", "KI-007", "KI-011", "KI-012", "KI-013", "KI-014"}:
            self.year = r.randint(2028, 2029)
        elif f & {"KI-002", "KOM-011", "KOM-012"}:
            self.year = r.randint(2026, 2029)
        else:
            self.year = r.randint(2025, 2029)

        # Sizes: the structure takes 30-50 % of what exceeds a minimal document, free text the
        # rest (added at the end until the target size is reached).
        room = max(0, self.target - 5000)
        structure = room * r.uniform(0.3, 0.5)

        def count(weight, item_bytes, minimum):
            mean = structure * weight / item_bytes
            return minimum + int(mean * r.uniform(0.6, 1.4))

        self.n_components = count(0.20, 900, 1)
        self.n_interfaces = count(0.15, 650, 0)
        self.n_categories = count(0.12, 450, 1)
        self.n_milestones = count(0.07, 200, 3)
        self.n_roles = count(0.05, 300, 0)
        self.n_risks = count(0.10, 350, 1)
        self.n_processes = count(0.05, 350, 1)
        self.n_goals = count(0.06, 500, 0)
        self.n_skills = count(0.03, 250, 1)
        self.n_trainings = count(0.02, 150, 0)
        self.n_candidates = count(0.03, 300, 0)
        self.n_alternatives = count(0.02, 250, 2)
        self.n_waivers = count(0.02, 300, 0)
        self.n_attachments = count(0.03, 200, 0)
        self.n_target_groups = count(0.02, 250, 1)
        self.n_deviations = count(0.02, 300, 1)
        self.n_members = count(0.01, 60, 2)
        # Budget years: 1 to 6, longer programmes for bigger documents.
        self.runtime_years = min(12, r.randint(1, 6) + int(math.log2(1 + room / 100000)))

    # -- sections -----------------------------------------------------------------------------

    def build(self):
        self.plan()
        f = self.faults
        r = self.rng
        self.start = datetime.date(self.year, r.choice([1, 1, 4, 7, 10]), 1)
        # The runtime ends on the last day of a month, at least 18 months after the start.
        months = max(18, 12 * self.runtime_years - r.choice([0, 3, 6]))
        end_month = self.start.month - 1 + months
        self.end = datetime.date(self.start.year + end_month // 12, end_month % 12 + 1,
                                 1) - datetime.timedelta(days=1)
        self.ministry = self.pick(MINISTRIES)

        root = Element("proposal", {"schemaVersion": "1.0"})
        # Milestones and components first: other sections refer to them.
        self.milestones = self.make_milestones()
        self.document_dates()
        self.components = self.make_components()

        root.add(self.metadata())
        root.add(self.classification())
        root.add(self.roles())
        root.add(self.budget())
        root.add(self.timeline())
        if "GOV-013" not in f or self.chance(0.5):
            root.add(self.goals())
        root.add(self.target_groups())
        if self.citizen or self.ozg:
            root.add(self.service())
        if self.process_support and not ("GOV-015" in f and self.chance(0.4)):
            root.add(self.processes())
        if self.regulation_change and not ("GOV-009" in f and self.chance(0.4)):
            root.add(self.digitalcheck())
        root.add(self.architecture())
        root.add(self.interfaces())
        root.add(self.data())
        if self.personal:
            root.add(self.data_protection())
        root.add(self.security())
        if any(c.attrs.get("userFacing") == "true" for c in self.components):
            root.add(self.accessibility())
        root.add(self.ai())
        root.add(self.competences())
        root.add(self.governance())
        root.add(self.risks())
        if self.citizen or any(c.attrs.get("userFacing") == "true" for c in self.components):
            root.add(self.user_research())
        root.add(self.reuse())
        root.add(self.exit_strategy())
        root.add(self.interoperability_assessment())
        root.add(self.economic_appraisal())
        if self.optional(0.6) or f & {"WIR-013", "WIR-015"}:
            root.add(self.procurement())
        if self.n_waivers and self.optional(0.3):
            root.add(self.waiver_requests())
        if self.n_attachments:
            root.add(self.attachments())
        return root

    def metadata(self):
        f = self.faults
        number = self.rng.randint(1, 999)
        ministry = self.ministry
        doc_id = f"{ministry}-{self.year}-{number:03d}"
        unit = self.pick(UNITS)
        if "GOV-001" in f:
            variant = self.rng.randint(0, 3)
            if variant == 0:  # id of another ministry
                other = self.pick([m for m in MINISTRIES if not m.startswith(ministry)])
                doc_id = f"{other}-{self.year}-{number:03d}"
            elif variant == 1:  # malformed id
                doc_id = f"{ministry}/{self.year % 100}/{number}"
            elif variant == 2:  # unit left empty
                unit = " "
            else:  # lead ministry in lower case
                ministry = ministry.lower()
        status = self.pick(["submitted", "inReview", "approved", "approvedWithConditions",
                            "rejected"])
        attrs = {"id": doc_id, "leadMinistry": ministry, "unit": unit,
                 "version": f"{self.rng.randint(0, 3)}.{self.rng.randint(0, 9)}",
                 "date": iso(self.doc_date), "status": status,
                 "submissionDate": iso(self.as_of)}
        if status in ("approved", "approvedWithConditions", "rejected"):
            attrs["decisionDate"] = iso(self.decision_date)
        m = Element("metadata", attrs)
        title = self.pick(NOUN_TITLES)
        m.add(Element("title", text=f"{title} – Vorhabenbeschreibung {self.year}"))
        if self.optional(0.5):
            m.add(Element("shortTitle", text=title))
        m.add(self.text("summary", 3))
        if self.optional(0.6):
            m.add(self.text("legalMandate", 1))
        self.participants = 0
        if self.chance(0.3) or ("GOV-003" in f and self.chance(0.5)):
            for _ in range(self.rng.randint(1, 3)):
                m.add(Element("participant", {
                    "ministry": self.pick(MINISTRIES),
                    "role": self.pick(["coFunding", "participating", "consulted"])}))
                self.participants += 1
        return m

    def classification(self):
        return Element("classification", {
            "projectType": self.project_type,
            "citizenFacing": "true" if self.citizen else "false",
            "ozgService": "true" if self.ozg else "false",
            "efaService": self.boolean(0.2 if self.ozg else 0.0),
            "regulationChange": "true" if self.regulation_change else "false",
            "crossBorder": "true" if self.cross_border else "false",
            "processSupport": "true" if self.process_support else "false",
            "strategic": "true" if self.strategic else "false",
            "securityDomain": "true" if self.security_domain else "false",
        })

    def role(self, role_type, consulted=False, internal=None):
        if internal is None:
            internal = self.chance(0.85)
        attrs = {"type": role_type, "internal": "true" if internal else "false"}
        if consulted:
            attrs["consultedOn"] = iso(self.start - self.days(10, 200))
            attrs["statement"] = self.pick(["agree", "agreeWithConditions", "pending"])
        e = Element("role", attrs)
        name = self.person()
        e.add(Element("name", text=name))
        e.add(Element("orgUnit", text=f"{self.ministry}, {self.pick(UNITS)}"))
        if self.optional(0.7):
            local = ".".join(ascii_slug(part) for part in name.split())
            e.add(Element("email", text=f"{local}@{self.ministry.lower()}.bund.de"))
        if attrs.get("statement") == "agreeWithConditions" or self.optional(0.2):
            e.add(self.text("note", 1))
        return e

    def roles(self):
        f = self.faults
        e = Element("roles")
        # Steering roles are staffed internally (KOM-003).
        external_lead = "KOM-003" in f and self.chance(0.5)
        e.add(self.role("projectLead", internal=not external_lead))
        owners = 1
        if "GOV-002" in f:
            owners = self.pick([0, 2, 3])
        for i in range(owners):
            external = "KOM-003" in f and not external_lead and i == 0
            e.add(self.role("productOwner", internal=not external))
        if self.optional(0.8):
            e.add(self.role("sponsor"))
        if "SEC-005" in f:
            if self.chance(0.5):
                e.add(self.role("informationSecurityOfficer", consulted=False))
        else:
            e.add(self.role("informationSecurityOfficer", consulted=True))
        if self.personal:
            if "SEC-018" in f:
                if self.chance(0.5):
                    e.add(self.role("dataProtectionOfficer", consulted=False))
            else:
                e.add(self.role("dataProtectionOfficer", consulted=True))
        # An interdisciplinary team for own developments (KOM-002).
        new_development = any(c.attrs["origin"] == "newDevelopment" for c in self.components)
        extra = ["architect", "accessibilityContact", "userResearcher", "other"]
        if "KOM-002" in f:
            extra.remove("architect")
        elif new_development:
            e.add(self.role("architect"))
            e.add(self.role("userResearcher"))
        if "KOM-014" in f:
            extra.remove("accessibilityContact")
        for _ in range(self.n_roles):
            e.add(self.role(self.pick(extra)))
        return e

    def budget(self):
        f = self.faults
        r = self.rng
        # Amounts are kept in cents; whole-euro documents use multiples of 100 cents.
        self.with_cents = self.chance(0.3)
        unit = 1 if self.with_cents else 100
        years = list(range(self.start.year, self.end.year + 1))
        n = len(years)
        # Volume classes around the thresholds of the IT approval reservation.
        volume = r.choice(["small", "small", "medium", "large", "yearEdge", "totalEdge"])
        if "GOV-004" in f and not self.strategic:
            volume = r.choice(["large", "medium"])
        if "GOV-003" in f and not self.participants:
            volume = "large"  # also above the thresholds of GOV-004
        if volume == "totalEdge":
            # Exactly at the total threshold, which is not above it.
            total = APPROVAL_LIMIT_TOTAL * 100
            weights = [r.uniform(0.8, 1.2) for _ in range(n)]
            year_totals = [int(total * w / sum(weights)) // unit * unit for w in weights]
            year_totals[-1] += total - sum(year_totals)
        else:
            year_totals = []
            for i in range(n):
                if volume == "small":  # every year below the yearly threshold
                    euros = r.randint(20000, 480000)
                elif volume == "medium":  # years above the yearly threshold
                    euros = r.randint(500001, 900000)
                elif volume == "large":  # total above the total threshold
                    euros = r.randint(1600000, 9000000)
                else:  # one year exactly at the yearly threshold, the others below
                    euros = APPROVAL_LIMIT_YEAR if i == 0 else r.randint(50000, 300000)
                cents = euros * 100
                if self.with_cents and volume != "yearEdge":
                    cents += r.randint(1, 99)
                year_totals.append(cents)
        rows = []
        for year_total in year_totals:
            investment = year_total * r.randint(20, 70) // 100 // unit * unit
            operation = (year_total - investment) * r.randint(20, 80) // 100 // unit * unit
            rows.append([investment, operation, year_total - investment - operation])
        if "INF-007" in f:
            # No operating budget in a year after the go-live; the money moves to personnel.
            late = [i for i, year in enumerate(years) if year >= self.go_live.year]
            row = rows[r.choice(late)]
            row[2] += row[1]
            row[1] = 0
        self.year_totals = year_totals
        self.total_cents = sum(year_totals)
        # The total as written; GOV-003 and GOV-004 read this value.
        written = self.total_cents
        if "GOV-016" in f:
            delta = r.choice([1, -1, 10000]) if self.with_cents else r.choice(
                [100, -100, 1000000, 5000000])
            written = max(0, written + delta)
        self.total_written = written
        e = Element("budget", {"currency": "EUR", "total": fmt_amount(written, self.with_cents)})
        for year, row in zip(years, rows):
            e.add(Element("year", {"year": str(year),
                                   "investment": fmt_amount(row[0], self.with_cents),
                                   "operation": fmt_amount(row[1], self.with_cents),
                                   "personnel": fmt_amount(row[2], self.with_cents)}))
        sources = ["ownChapter", "centralItBudget", "euFunding", "federalStateShare", "thirdParty"]
        r.shuffle(sources)
        k = r.randint(1, 3)
        cuts = sorted(r.sample(range(5, 100, 5), k - 1))
        shares = [b - a for a, b in zip([0] + cuts, cuts + [100])]
        if "WIR-004" in f:
            shares[-1] += r.choice([-10, -0.5, 5, 20])  # shares no longer add up to 100
        for source, share in zip(sources, shares):
            attrs = {"type": source, "share": f"{share:g}"}
            if source in ("ownChapter", "centralItBudget") and self.chance(0.7):
                attrs["budgetTitle"] = f"{r.randint(1, 30):02d}{r.randint(1, 99):02d} 532 0{k}"
            e.add(Element("fundingSource", attrs))
        return e

    def make_milestones(self):
        """Milestones as (type, date, name); pilot and go-live where DPIA and concept need them."""
        f = self.faults
        r = self.rng
        runtime = (self.end - self.start).days

        def day(fraction):
            return self.start + datetime.timedelta(days=int(runtime * fraction))

        items = [("kickoff", self.start if self.chance(0.3) else day(0.01))]
        items.append(("conceptDone", day(r.uniform(0.05, 0.15))))
        if self.optional(0.7):
            items.append(("procurementStart", day(r.uniform(0.1, 0.2))))
            items.append(("contractAward", day(r.uniform(0.2, 0.3))))
        # At most one go-live; some projects only run a pilot.
        self.has_go_live = not self.chance(0.15) or bool(
            f & {"INF-011", "GOV-024", "INF-007", "WIR-005"})
        self.has_pilot = self.chance(0.6) or not self.has_go_live
        if self.has_pilot:
            items.append(("pilot", day(r.uniform(0.35, 0.5))))
        if self.has_go_live:
            items.append(("goLive", day(r.uniform(0.55, 0.75))))
        if "GOV-024" in f:
            items.append(("goLive", day(r.uniform(0.8, 0.9))))  # a second go-live
        fillers = ["review", "review", "acceptance"]
        if "GOV-007" in f:
            fillers = ["review"]
        elif self.methodology == "vModellXtBund":
            items.append(("acceptance", day(r.uniform(0.75, 0.9))))
        if self.project_type in ("modernisation", "migration") and "INF-013" not in f:
            items.append(("decommission", day(r.uniform(0.8, 0.97))))
        for _ in range(max(0, self.n_milestones - len(items) - 1)):
            items.append((r.choice(fillers), day(r.uniform(0.05, 0.95))))
        items.append(("closure", self.end if self.chance(0.3) else day(0.99)))
        if "GOV-008" in f:
            # A review before the start or a closure after the end.
            if self.chance(0.5):
                items.append(("review", self.start - self.days(1, 90)))
            else:
                items[-1] = ("closure", self.end + self.days(1, 120))
        items.sort(key=lambda item: item[1])
        self.go_live = next((d for t, d in items if t == "goLive"), None)
        starts = [d for t, d in items if t in ("pilot", "goLive")]
        self.processing_start = min(starts)  # every document has a pilot or a go-live
        return items

    def document_dates(self):
        """Dates of the document: its state (metadata/@date), submission and decision.

        konform evaluates a proposal as of its submission date, so every document has one.
        A revision of a running project is dated after productive processing started.
        """
        if self.revision:
            first = (self.go_live if "INF-011" in self.faults else self.processing_start)
            self.doc_date = self.date_between(first + datetime.timedelta(days=1),
                                              self.end - datetime.timedelta(days=45))
        else:
            self.doc_date = self.start - self.days(30, 300)
        self.as_of = self.doc_date + self.days(0, 14)  # submission date
        self.decision_date = self.as_of + self.days(5, 25)

    def timeline(self):
        f = self.faults
        end = self.end
        if "GOV-021" in f:
            end = self.start - self.days(0, 30)  # an end before (or on) the start
        e = Element("timeline", {"start": iso(self.start), "end": iso(end)})
        names = {"kickoff": "Projektstart", "conceptDone": "Fachkonzept abgenommen",
                 "procurementStart": "Start des Vergabeverfahrens",
                 "contractAward": "Zuschlagserteilung", "pilot": "Pilotbetrieb in zwei Ländern",
                 "goLive": "Produktivsetzung", "acceptance": "Abnahme Ausbaustufe",
                 "review": "Review durch den Lenkungsausschuss", "closure": "Projektabschluss",
                 "decommission": "Abschaltung des Altverfahrens"}
        # The state of a milestone follows the date of the document (GOV-023).
        wrong = self.rng.randrange(len(self.milestones)) if "GOV-023" in f else -1
        for i, (kind, day) in enumerate(self.milestones, 1):
            if day <= self.doc_date:
                status = self.pick(["reached", "reached", "delayed"])
            else:
                status = self.pick(["planned", "planned", "delayed"])
            if i - 1 == wrong:
                status = "planned" if day < self.doc_date else "reached"
            e.add(Element("milestone", {"id": f"ms-{i:03d}", "type": kind, "date": iso(day),
                                        "status": status},
                          [Element("name", text=f"{names[kind]} ({i})")]))
        return e

    def goals(self):
        n = max(1, self.n_goals)
        # Every goal has a measurable KPI (GOV-013), except one in a defective document.
        without_kpi = self.rng.randrange(n) if "GOV-013" in self.faults else -1
        e = Element("goals")
        for i in range(n):
            g = e.add(Element("goal", {"id": f"ziel-{i + 1}"}))
            g.add(self.text("description", 2))
            for _ in range(0 if i == without_kpi else self.rng.randint(1, 3)):
                baseline = self.rng.randint(0, 60)
                attrs = {"name": self.pick(["Online-Quote", "Durchlaufzeit", "Zufriedenheit",
                                            "Fehlerquote"]),
                         "unit": self.pick(["Prozent", "Tage", "Punkte"])}
                if self.chance(0.7):
                    attrs["baseline"] = str(baseline)
                attrs["target"] = f"{baseline + self.rng.randint(1, 40)}.{self.rng.randint(0, 9)}"
                if self.chance(0.6):
                    attrs["targetDate"] = iso(self.date_between(self.start, self.end))
                g.add(Element("kpi", attrs))
        return e

    def target_groups(self):
        f = self.faults
        e = Element("targetGroups")
        kinds = [self.pick(["citizens", "businesses", "administration", "internalStaff"])
                 for _ in range(self.n_target_groups)]
        if self.citizen:
            kinds[0] = self.pick(["citizens", "businesses"])
        if "KOM-004" in f or "KOM-013" in f:
            kinds.append("internalStaff")
        self.group_types = set(kinds)
        # Expected users per group for capacity planning (INF-014).
        unsized = self.rng.randrange(len(kinds)) if "INF-014" in f else -1
        for i, kind in enumerate(kinds):
            attrs = {"type": kind, "crossBorder": self.boolean(0.1)}
            if i != unsized:
                attrs["estimatedUsers"] = str(self.rng.randint(50, 5000000))
            t = e.add(Element("targetGroup", attrs))
            if self.optional(0.6):
                t.add(self.text("description", 1))
        return e

    def service(self):
        f = self.faults
        r = self.rng
        legal_docs = self.chance(0.6) or "INT-007" in f
        attrs = {}
        if self.ozg:
            if "INT-004" in f:
                variant = r.randint(0, 2)
                if variant == 0:
                    attrs["leikaId"] = "".join(str(r.randint(0, 9)) for _ in range(13))
                elif variant == 1:
                    attrs["leikaId"] = "99ABC" + "".join(str(r.randint(0, 9)) for _ in range(9))
            else:
                attrs["leikaId"] = "99" + "".join(str(r.randint(0, 9)) for _ in range(12))
        if self.sdg:
            attrs["sdgAnnexII"] = self.pick(["Beantragung von Studienfinanzierung",
                                             "Anmeldung eines Wohnsitzes",
                                             "Anerkennung von Berufsqualifikationen"])
        # Procedures of Annex II SDG Regulation are fully online (INT-151).
        fully_online = (self.sdg or self.chance(0.8)) and "INT-151" not in f
        personal_appearance = self.chance(0.1) and "INT-151" not in f
        written_form = self.chance(0.1) or "NUT-007" in f
        attrs.update({"fullyOnline": "true" if fully_online else "false",
                      "endToEnd": "false" if "NUT-006" in f else "true",
                      "onceOnly": "none" if "INT-154" in f else self.pick(["full", "partial"]),
                      "personalAppearance": "true" if personal_appearance else "false",
                      "writtenForm": "true" if written_form else "false",
                      "issuesLegalDocuments": "true" if legal_docs else "false"})
        if legal_docs:
            if "INT-007" in f:
                if self.chance(0.7):
                    attrs["replyChannel"] = self.pick(["post", "other"])
            else:
                attrs["replyChannel"] = self.pick(["centralMailbox", "fitConnect", "elster"])
        e = Element("service", attrs)
        e.add(Element("name", text=self.pick(NOUN_TITLES)))
        channels = r.sample(["online", "phone", "inPerson", "mail"], r.randint(1, 4))
        if "NUT-106" in f:
            channels = [c for c in channels if c != "online"] or ["phone"]
        elif self.ozg and "online" not in channels:
            channels.insert(0, "online")  # an OZG service is offered online (NUT-106)
        for kind in channels:
            e.add(Element("channel", {"type": kind}))
        # Guidance in a further official language of the Union for SDG procedures (INT-152).
        languages = ["de"] + r.sample(["en", "tr", "ar", "uk", "fr"], r.randint(0, 3))
        if "INT-152" in f:
            languages = [code for code in languages if code not in ("en", "fr")]
        elif self.sdg and not {"en", "fr"} & set(languages):
            languages.append("en")
        for code in languages:
            e.add(Element("language", {"code": code}))
        required = self.chance(0.75) or bool(f & {"INT-006", "INT-154", "INT-155", "INT-157"})
        ident = {"required": "true" if required else "false"}
        if "INT-006" in f:
            ident["account"] = self.pick(["other", "none"])
        elif required:
            ident["account"] = self.pick(["bundId", "organisationAccount",
                                          "bundIdAndOrganisationAccount"])
        else:
            ident["account"] = self.pick(["bundId", "none", "other"])
        if required:
            level = "substantial" if "INT-155" in f else self.pick(["low", "substantial", "high"])
            ident["assuranceLevel"] = level
            # Notified eID means of other member states (INT-155), EUDI wallet (INT-157).
            if "INT-155" in f:
                if self.chance(0.5):
                    ident["acceptsNotifiedForeignEid"] = "false"
            elif level != "low" or self.optional(0.5):
                ident["acceptsNotifiedForeignEid"] = "true"
            if "INT-157" in f:
                if self.chance(0.5):
                    ident["acceptsEudiWallet"] = "false"
            elif self.chance(0.5):
                ident["acceptsEudiWallet"] = "true"
            else:
                ident["acceptsEudiWallet"] = "false"
                ident["eudiWalletPlannedDate"] = iso(datetime.date(2027, r.randint(1, 12), 1))
        elif self.optional(0.4):
            ident["acceptsEudiWallet"] = self.boolean()
        e.add(Element("identification", ident))
        # Assisted access for people without digital access (NUT-009).
        if (self.citizen and "NUT-009" not in f) or (not self.citizen and self.optional(0.3)):
            e.add(self.text("assistedAccess", 1))
        needs_reason = not fully_online or written_form or personal_appearance
        if needs_reason and "NUT-007" not in f:
            e.add(self.text("justification", 2))
        return e

    def processes(self):
        f = self.faults
        e = Element("processes")
        broken = self.rng.randrange(self.n_processes) if "GOV-015" in f else -1
        for i in range(self.n_processes):
            attrs = {"id": f"prozess-{i + 1}", "documented": "true", "analysed": "true"}
            if i == broken:
                attrs[self.pick(["documented", "analysed"])] = "false"
            if self.optional(0.7):
                attrs["notation"] = self.pick(["bpmn", "fim", "epc", "other"])
                attrs["modelRef"] = f"PM-{self.year}-{i + 1:03d}.bpmn"
            p = e.add(Element("process", attrs))
            task = self.pick(OBJECTS)
            p.add(Element("name", text=task[0].upper() + task[1:]))
            if self.optional(0.6):
                p.add(self.text("description", 2))
        return e

    def digitalcheck(self):
        if "GOV-009" in self.faults:
            variant = self.rng.randint(0, 1)
            if variant == 0:
                return Element("digitalcheck", {"preCheck": "notDone"})
            return Element("digitalcheck", {"preCheck": "digitalRelevant",
                                            "date": iso(self.start - datetime.timedelta(days=60))})
        result = self.pick(["digitalRelevant", "digitalRelevant", "notRelevant"])
        attrs = {"preCheck": result, "date": iso(self.start - datetime.timedelta(days=60))}
        if result == "digitalRelevant":
            attrs["documentationRef"] = f"DC-{self.year}-{self.rng.randint(1, 400):04d}"
        e = Element("digitalcheck", attrs)
        if self.optional(0.4):
            e.add(self.text("note", 1))
        return e

    def make_components(self):
        f = self.faults
        r = self.rng
        # Without components operated externally or in a public cloud (WIR-011, WIR-012).
        self.no_external = bool(f & {"WIR-011", "WIR-012"})
        # Defects that need a component of their own; they must not undo each other.
        claims = [rule for rule in CLAIMING_RULES if rule in f]
        spares = sum(bool(f & group) for group in (
            {"KI-001"}, {"INT-106", "KOM-002", "INT-107", "KI-010"}, {"INT-110"},
            {"NUT-101", "NUT-102", "NUT-104", "NUT-105", "KOM-014", "INF-014"}))
        n = max(self.n_components, len(claims) + spares + 1, 2 if "SEC-021" in f else 1)
        kinds = ["webApp", "mobileApp", "backend", "database", "api", "infrastructure", "other"]
        if self.ai_used:
            kinds.append("aiModel")
        hostings = ["onPremise", "federalDataCentre", "federalCloud", "privateCloud",
                    "publicCloud", "saas"]
        operator_types = ["internal", "federalProvider", "federalProvider", "external"]
        if self.no_external:
            hostings = hostings[:4]
            operator_types = operator_types[:3]
        comps = []
        for i in range(n):
            name = r.choice(COMPONENT_NAMES)
            kind = r.choice(kinds)
            origin = r.choice(["newDevelopment", "reuse", "adaptedReuse", "cots", "saas"])
            hosting = r.choice(hostings)
            operator_type = r.choice(operator_types)
            personal = self.personal and self.chance(0.6)
            user_facing = kind in ("webApp", "mobileApp") or self.chance(0.1)
            attrs = {"id": f"cmp-{slug(name)}-{i + 1}", "type": kind, "origin": origin,
                     "hostingModel": hosting,
                     "hostingLocation": self.location(hosting, personal),
                     "operator": r.choice(OPERATORS), "operatorType": operator_type,
                     "processesPersonalData": "true" if personal else "false"}
            attrs["userFacing"] = "true" if user_facing else "false"
            if user_facing:
                attrs["audience"] = r.choice(["external", "internal", "both"])
            attrs["internetFacing"] = self.boolean(0.4)
            c = Element("component", attrs)
            c.add(Element("name", text=f"{name} {i + 1}"))
            if self.optional(0.7):
                c.add(self.text("description", 2))
            need = {"confidentiality": r.choice(["normal", "normal", "high", "veryHigh"]),
                    "integrity": r.choice(["normal", "normal", "high", "veryHigh"]),
                    "availability": r.choice(["normal", "normal", "normal", "high", "veryHigh"])}
            c.add(Element("protectionNeed", need))
            c.add(Element("licence"))
            self.set_licence(c, open_source=None)
            comps.append(c)

        free = list(comps)
        r.shuffle(free)

        def claim(rule):
            return free.pop() if rule in f else None

        def force(attrs, target=None):
            target = target if target is not None else r.choice(comps)
            target.attrs.update(attrs)
            return target

        # Defects that need a particular kind of component, each on a different one.
        c = claim("WIR-007")  # own development without published source code
        if c is not None:
            self.set_licence(force({"origin": "newDevelopment"}, c), open_source=False)
        c = claim("SEC-009")
        if c is not None:
            force({"operatorType": "external", "hostingLocation": "DE",
                   "hostingModel": r.choice(["privateCloud", "publicCloud", "saas"])}, c)
            c.attrs["c5Attestation"] = "none" if self.chance(0.6) else None
        c = claim("SEC-010")
        if c is not None:
            force({"operatorType": "external", "hostingLocation": "DE",
                   "hostingModel": r.choice(["privateCloud", "publicCloud", "saas"]),
                   "c5Attestation": "type2",
                   "c5ReportDate": iso(self.as_of - self.days(C5_MAX_AGE_DAYS + 1, 900))}, c)
        c = claim("SEC-107")
        if c is not None:
            force({"processesPersonalData": "true", "hostingLocation": "DE",
                   "operatorType": "federalProvider" if self.no_external else r.choice(
                       ["federalProvider", "external"])}, c)
            c.attrs["processorAgreement"] = "notRequired" if self.chance(0.5) else None
        c = claim("SEC-014")
        if c is not None:
            self.protection(c).attrs["availability"] = r.choice(["high", "veryHigh"])
        for rule in ("SEC-004", "SEC-006"):
            c = claim(rule)
            if c is not None:
                self.protection(c).attrs["confidentiality"] = r.choice(["high", "veryHigh"])
        c = claim("SEC-113")  # exposed to the internet, high protection need
        if c is not None:
            self.set_licence(force({"internetFacing": "true", "origin": "newDevelopment"}, c),
                             open_source=True)
            self.protection(c).attrs["confidentiality"] = "high"
        c = claim("INF-002")  # operated on premise without a cloud deviation
        if c is not None:
            force({"hostingModel": "onPremise", "hostingLocation": "DE",
                   "origin": r.choice(["cots", "adaptedReuse"])}, c)
        c = claim("INF-003")  # operated internally without consolidation deviation
        if c is not None:
            force({"operatorType": "internal", "type": r.choice(["backend", "database"]),
                   "origin": r.choice(["cots", "adaptedReuse"])}, c)
        c = claim("INF-004")  # cloud data outside the EEA
        if c is not None:
            force({"hostingModel": "privateCloud" if self.no_external else "publicCloud",
                   "hostingLocation": r.choice(["US", "IN", "GB"]),
                   "processesPersonalData": "false"}, c)
        c = claim("INF-006")
        if c is not None:
            force({"operatorType": "external"}, c)
        c = claim("INF-015")
        if c is not None:
            force({"operatorType": "internal"}, c)
        for rule in ("INT-109", "WIR-009"):  # proprietary licences
            c = claim(rule)
            if c is not None:
                self.set_licence(force({"origin": "cots"}, c), open_source=False)
        c = claim("INT-012")  # an API component that no interface describes
        self.undescribed_api = None
        if c is not None:
            force({"type": "api", "userFacing": "false"}, c)
            self.undescribed_api = c
        c = claim("NUT-004")
        if c is not None:
            force({"type": "webApp", "userFacing": "true", "audience": "internal"}, c)
        c = claim("NUT-005")  # a public website
        if c is not None:
            force({"type": "webApp", "userFacing": "true", "internetFacing": "true",
                   "audience": r.choice(["external", "both"])}, c)

        # Components that some defects need to exist at all, taken from the unclaimed ones.
        def spare():
            return free.pop() if free else r.choice(comps)

        if "KI-001" in f and not self.ai_used:
            force({"type": "aiModel"}, spare())  # AI in the architecture, but ai/@used = false
        if f & {"INT-106", "KOM-002", "INT-107", "KI-010"} and not any(
                c.attrs["origin"] == "newDevelopment" for c in comps):
            self.set_licence(force({"origin": "newDevelopment"}, spare()), open_source=True)
        if "INT-110" in f and not any(self.external_like(c) for c in comps):
            force({"hostingModel": "publicCloud", "hostingLocation": "DE"}, spare())
        if f & {"NUT-101", "NUT-102", "NUT-104", "NUT-105", "KOM-014", "INF-014"} and not any(
                c.attrs["userFacing"] == "true" for c in comps):
            force({"type": "webApp", "userFacing": "true", "audience": "internal"}, spare())

        # Keep the other attributes consistent with what was forced.
        for c in comps:
            a = c.attrs
            if a.get("userFacing") == "true" and "audience" not in a:
                a["audience"] = "internal"
            if a.get("userFacing") == "false":
                a.pop("audience", None)
            external_cloud = a["operatorType"] == "external" and a["hostingModel"] in (
                "privateCloud", "publicCloud", "saas")
            if external_cloud and "c5Attestation" not in a:
                a["c5Attestation"] = r.choice(["type1", "type2"])
            if not external_cloud or a["c5Attestation"] is None:
                a.pop("c5Attestation", None)
            if a.get("c5Attestation") in ("type1", "type2") and "c5ReportDate" not in a:
                a["c5ReportDate"] = iso(self.as_of - self.days(1, 300))  # a current report
            if "c5Attestation" not in a or a["c5Attestation"] == "none":
                a.pop("c5ReportDate", None)
            personal_external = (a["processesPersonalData"] == "true"
                                 and a["operatorType"] != "internal")
            if personal_external and "processorAgreement" not in a:
                a["processorAgreement"] = r.choice(["signed", "planned"])
            if not personal_external or a["processorAgreement"] is None:
                a.pop("processorAgreement", None)
            if a["hostingModel"] == "federalCloud":
                a["hostingLocation"] = "DE"
            self.reorder(c)
        c = claim("SEC-001")
        if c is not None:
            variant = r.randint(0, 2)
            pn = self.protection(c)
            if variant == 0:
                c.children.remove(pn)
            elif variant == 1:
                del pn.attrs[r.choice(["confidentiality", "integrity", "availability"])]
            else:
                pn.attrs[r.choice(["confidentiality", "integrity"])] = "mittel"
        if "WIR-008" in f:  # a licence without SPDX identifier, or no licence at all
            c = r.choice(comps)
            lic = next(child for child in c.children if child.tag == "licence")
            if self.chance(0.5):
                c.children.remove(lic)
            else:
                lic.attrs.pop("spdx")
        if "INF-001" in f:
            r.choice(comps).attrs["operator"] = " "
        if "SEC-021" in f:
            a, b = r.sample(comps, 2)
            b.attrs["id"] = a.attrs["id"]
        return comps

    def location(self, hosting, personal):
        """Where the data of a component is kept (INF-004, SEC-108)."""
        if hosting == "federalCloud":
            return "DE"
        if hosting in ("privateCloud", "publicCloud", "saas"):
            return self.pick(["DE", "DE", "DE", "FR", "NL", "IE", "SE"])
        if personal and not self.third_country:
            return self.pick(["DE", "DE", "DE", "AT", "NL"])
        return self.pick(COUNTRIES)

    def set_licence(self, component, open_source):
        """Writes the licence of a component: open source for own developments (WIR-007),
        proprietary for products; always with an SPDX identifier (WIR-008)."""
        origin = component.attrs["origin"]
        if open_source is None:
            open_source = origin == "newDevelopment" or (
                origin in ("reuse", "adaptedReuse") and self.chance(0.6))
        if open_source:
            attrs = {"spdx": self.pick(["EUPL-1.2", "Apache-2.0", "MIT", "AGPL-3.0-only",
                                        "EUPL-1.2 OR MIT"]),
                     "openSource": "true",
                     "publication": self.pick(["openCoDE", "otherRepository"])
                     if origin == "newDevelopment" else self.pick(["openCoDE", "none"])}
        else:
            attrs = {"spdx": self.pick(["LicenseRef-Herstellerlizenz",
                                        "LicenseRef-Proprietary"]),
                     "openSource": "false", "publication": "none"}
        for child in component.children:
            if child.tag == "licence":
                child.attrs = attrs

    COMPONENT_ATTR_ORDER = ["id", "type", "origin", "hostingModel", "hostingLocation", "operator",
                            "operatorType", "processesPersonalData", "processorAgreement",
                            "userFacing", "audience", "internetFacing", "c5Attestation",
                            "c5ReportDate"]

    def reorder(self, component):
        a = component.attrs
        component.attrs = {k: a[k] for k in self.COMPONENT_ATTR_ORDER if k in a}

    @staticmethod
    def protection(component):
        for child in component.children:
            if child.tag == "protectionNeed":
                return child
        return Element("protectionNeed")

    @staticmethod
    def external_like(c):
        return (c.attrs["operatorType"] == "external"
                or c.attrs["hostingModel"] in ("publicCloud", "saas"))

    def architecture(self):
        f = self.faults
        r = self.rng
        comps = [c.attrs for c in self.components]
        # Deviations from the architecture guideline that the components call for: operation
        # without cloud (INF-002) and internal operation of server components (INF-003).
        on_premise = any(a["hostingModel"] == "onPremise" and a["origin"] != "reuse"
                         for a in comps)
        internal_servers = any(
            a["operatorType"] == "internal" and a["origin"] != "reuse"
            and a["type"] in ("backend", "database", "api", "aiModel", "infrastructure")
            for a in comps)
        deviations = []
        if on_premise and "INF-002" not in f:
            deviations.append(("AV-10 Cloud-Nutzung", "should"))
        if internal_servers and "INF-003" not in f:
            deviations.append(("Konsolidierung IT-Betrieb Bund", "should"))
        for _ in range(r.randint(0, 2)):
            deviations.append((f"AV-{r.randint(11, 40)}", r.choice(["must", "should"])))
        if "GOV-006" in f:
            deviations.append((f"AV-{r.randint(11, 40)}", "must"))
        # The conformity statement matches the deviations (GOV-022).
        conformity = "withDeviations" if deviations else "conformant"
        if "GOV-022" in f:
            conformity = r.choice(["notAssessed", "conformant" if deviations else
                                   "withDeviations"])
        # Open-source alternatives evaluated where components are proprietary (INT-109).
        proprietary = any(self.licence(c).get("openSource") == "false"
                          for c in self.components)
        oss = (proprietary or self.chance(0.6)) and "INT-109" not in f
        e = Element("architecture", {"guidelineConformity": conformity,
                                     "ossEvaluated": "true" if oss else "false"})
        if oss:
            e.add(self.text("ossEvaluation", 2))
        for c in self.components:
            e.add(c)
        undecided = len(deviations) - 1 if "GOV-006" in f else -1
        for i, (rule, level) in enumerate(deviations):
            attrs = {"rule": rule, "level": level}
            if level == "must" and i != undecided:
                attrs["decisionRef"] = f"IT-Rat {self.year}/{r.randint(1, 30)}"
            d = e.add(Element("deviation", attrs))
            d.add(self.text("justification", 1))
        return e

    @staticmethod
    def licence(component):
        for child in component.children:
            if child.tag == "licence":
                return child.attrs
        return {}

    def interfaces(self):
        f = self.faults
        r = self.rng
        ids = [c.attrs["id"] for c in self.components if c is not self.undescribed_api]
        # Every API component is described by an interface (INT-012).
        api_ids = [c.attrs["id"] for c in self.components
                   if c.attrs["type"] == "api" and c is not self.undescribed_api]
        n = max(self.n_interfaces, len(api_ids))
        if f & {"INT-001", "INT-010", "INT-002", "INT-108", "SEC-007"}:
            n = max(n, 1)
        if "INT-011" in f:
            n = max(n, 2)
        if self.ozg and "INT-003" not in f:
            n = max(n, 1)
        oots = self.sdg and "INT-153" not in f  # evidence exchange via OOTS (INT-153)
        e = Element("interfaces")
        if "INT-108" not in f:
            e.attrs["catalogueConsulted"] = "XRepository"
        submission = r.randrange(n) if self.ozg and "INT-003" not in f else -1
        if "INT-002" in f and n == 1 and submission == 0:
            n = 2
        victims = {rule: r.randrange(n) if rule in f else -1
                   for rule in ("INT-001", "INT-010", "SEC-007")}
        if "INT-010" in f and victims["INT-010"] < len(api_ids):
            victims["INT-010"] = n  # a dangling reference must not hide an API (INT-012)
            n += 1
        victims["INT-002"] = r.choice([i for i in range(n) if i != submission]) if (
            "INT-002" in f) else -1
        duplicate = r.sample(range(n), 2) if "INT-011" in f else None
        for i in range(n + (1 if oots else 0)):
            standard, version = r.choice(STANDARDS)
            if i == n:
                standard, version = "OOTS", "1.1"
            open_spec = standard not in ("SAP-RFC", "EDIFACT") or self.chance(0.2)
            schema = r.choice(["xoev", "fim", "openApi", "other", "none"])
            transport = r.choice(["fitConnect", "osciXta", "https", "https", "sftp", "other"])
            partner_type = r.choice(["internal", "federalAuthority", "stateAuthority",
                                     "municipality", "euMemberState", "baseRegistry",
                                     "business", "citizen", "other"])
            if i == victims["INT-002"]:
                partner_type, schema = r.choice(["stateAuthority", "municipality"]), "openApi"
            elif partner_type in ("stateAuthority", "municipality"):
                schema = r.choice(["xoev", "fim"])  # XÖV or FIM with Länder (INT-002)
            if i == submission:
                schema, transport = r.choice(["xoev", "fim"]), r.choice(["fitConnect", "osciXta"])
            elif ("INT-003" in f and schema in ("xoev", "fim")
                  and transport in ("fitConnect", "osciXta")):
                transport = "https"  # no submission channel anywhere
            if i == victims["INT-001"]:
                open_spec = False
            ref = api_ids[i] if i < len(api_ids) else r.choice(ids)
            if i == victims["INT-010"]:
                ref = r.choice(["cmp-altsystem-0", "cmp-geloescht", ref + "-alt"])
            personal = self.personal and self.chance(0.5)
            security = r.choice(["tls12", "tls13", "tls13", "osci"])
            if i == victims["SEC-007"]:
                security = "none"
                if partner_type == "internal":
                    partner_type = "federalAuthority"
            ifc_id = f"ifc-{i + 1:03d}"
            if duplicate and i == duplicate[1]:
                ifc_id = f"ifc-{duplicate[0] + 1:03d}"
            attrs = {"id": ifc_id, "componentRef": ref,
                     "direction": r.choice(["inbound", "outbound", "bidirectional"]),
                     "partnerType": partner_type,
                     "partner": r.choice(["Bundesverwaltungsamt", "Land Berlin", "KBA",
                                          "Deutsche Rentenversicherung", "Stadt Köln",
                                          "Registerbehörde", "Bundesagentur für Arbeit"]),
                     "standard": standard}
            if version:
                attrs["standardVersion"] = version
            attrs.update({"openSpecification": "true" if open_spec else "false",
                          "schemaType": schema, "transport": transport,
                          "transportSecurity": security,
                          "crossBorder": "true" if i == n else self.boolean(0.05),
                          "personalData": "true" if personal else "false"})
            if personal:
                attrs["legalBasis"] = r.choice(LEGAL_NORMS)
            if self.optional(0.3):
                attrs["agreementRef"] = f"VV-{self.year}-{r.randint(1, 99)}"
            i_el = e.add(Element("interface", attrs))
            i_el.add(Element("name", text=f"Schnittstelle {attrs['partner']} ({standard})"))
            if not open_spec and i != victims["INT-001"]:
                i_el.add(self.text("justification", 1))
        return e

    def data(self):
        f = self.faults
        r = self.rng
        third = self.third_country
        e = Element("data", {"personalData": "true" if self.personal else "false",
                             "thirdCountryTransfer": "true" if third else "false",
                             "producesRecords": "true" if self.produces_records else "false"})
        n = self.n_categories
        personal_indexes = []
        cats = []
        for i in range(n):
            personal = self.personal and (i == 0 or self.chance(0.6))
            special = personal and self.chance(0.2)
            attrs = {"id": f"dk-{i + 1:03d}", "personal": "true" if personal else "false",
                     "specialCategory": "true" if special else "false",
                     "criminalData": "true" if personal and self.chance(0.05) else "false",
                     "confidential": self.boolean(0.2),
                     "largeScale": self.boolean(0.3),
                     "source": r.choice(["user", "baseRegistry", "otherAuthority", "generated"])}
            if personal:
                personal_indexes.append(i)
                attrs["dataSubjects"] = r.choice(["citizens", "employees", "businessContacts",
                                                  "children", "other"])
                attrs["legalBasis"] = r.choice(["legalObligation", "publicTask", "publicTask",
                                                "consent", "contract"])
                attrs["legalNorm"] = r.choice(LEGAL_NORMS)
                if special:
                    attrs["art9Ground"] = r.choice(["substantialPublicInterest",
                                                    "employmentSocialSecurity", "healthCare",
                                                    "explicitConsent"])
                attrs["retention"] = r.choice(["P6M", "P1Y", "P3Y", "P5Y", "P10Y", "P30Y"])
            c = Element("dataCategory", attrs)
            c.add(Element("name", text=r.choice(["Antragsdaten", "Kontaktdaten", "Nachweise",
                                                 "Bankverbindung", "Gesundheitsdaten",
                                                 "Bescheiddaten", "Protokolldaten",
                                                 "Statistikdaten"]) + f" {i + 1}"))
            cats.append(c)
        if "SEC-015" in f and personal_indexes:
            victim = cats[r.choice(personal_indexes)].attrs
            variant = r.randint(0, 3)
            if variant == 0:
                victim["legalBasis"] = "legitimateInterests"
            elif variant == 1:
                del victim["retention"]
            elif variant == 2:
                del victim["legalNorm"]
            else:
                victim["specialCategory"] = "true"
                victim.pop("art9Ground", None)
        for c in cats:
            e.add(c)
        self.special_large = any(
            (c.attrs["specialCategory"] == "true" or c.attrs["criminalData"] == "true")
            and c.attrs["largeScale"] == "true" for c in cats)
        self.processing_flags = {}
        if self.personal:
            flags = {}
            for name in ["profiling", "automatedDecision", "systematicMonitoring", "dataMatching",
                         "newTechnology", "vulnerableSubjects", "secrecyProtected",
                         "locationData", "biometric"]:
                flags[name] = self.boolean(0.12)
            if "SEC-017" in f:
                flags[r.choice(["profiling", "automatedDecision", "systematicMonitoring"])] = "true"
            self.processing_flags = flags
            e.add(Element("processing", flags))
        if third:
            # A transfer instrument for every country outside the EEA where personal data is
            # kept (SEC-108), with a transfer impact assessment for SCC and BCR (SEC-024).
            countries = {c.attrs["hostingLocation"] for c in self.components
                         if c.attrs["processesPersonalData"] == "true"
                         and c.attrs["hostingLocation"] not in EEA}
            countries |= set(r.sample(THIRD_COUNTRIES, r.randint(1, 2)))
            if "SEC-108" in f:
                movable = [c for c in self.components
                           if c.attrs["processesPersonalData"] == "true"
                           and c.attrs["hostingModel"] in ("onPremise", "federalDataCentre")]
                if movable and self.chance(0.5):
                    # Personal data kept in a country without a transfer instrument.
                    lost = self.pick(sorted(set(THIRD_COUNTRIES) | {"US"}))
                    self.pick(movable).attrs["hostingLocation"] = lost
                    countries.discard(lost)
                else:
                    countries = set()  # a transfer declared, but no instrument
            mechanisms = ["adequacy", "standardContractualClauses", "bindingCorporateRules"]
            unassessed = self.pick(sorted(countries)) if "SEC-024" in f and countries else None
            for country in sorted(countries):
                mechanism = r.choice(mechanisms)
                if country == unassessed:
                    mechanism = r.choice(mechanisms[1:])
                tia = mechanism == "adequacy" and self.chance(0.5) or (
                    mechanism != "adequacy" and country != unassessed)
                e.add(Element("transfer", {"country": country, "mechanism": mechanism,
                                           "tiaDone": "true" if tia else "false"}))
        if self.produces_records:
            if "INT-113" in f:
                if self.chance(0.5):
                    e.add(Element("preservation", {"archiveOffer": "false"}))
            else:
                attrs = {"archiveOffer": "true"}
                if self.optional(0.6):
                    attrs["policyRef"] = (f"Aktenplan {self.ministry} "
                                          f"{r.randint(1, 9)}.{r.randint(1, 99)}")
                e.add(Element("preservation", attrs))
        return e

    def dpia_triggered(self):
        flags = self.processing_flags
        return (flags.get("profiling") == "true" or flags.get("automatedDecision") == "true"
                or flags.get("systematicMonitoring") == "true" or self.special_large
                or self.ai_personal)

    def data_protection(self):
        f = self.faults
        r = self.rng
        e = Element("dataProtection")
        without_dpia = "SEC-017" in f and self.chance(0.3)
        if "SEC-017" in f:
            required = r.choice(["no", "unclear"])
        elif self.dpia_triggered() or f & {"SEC-104", "SEC-022", "SEC-023"}:
            required = "yes"
        else:
            required = r.choice(["yes", "no", "no", "unclear"])
        attrs = {"required": required}
        if required == "yes":
            attrs["status"] = "inProgress" if "SEC-023" in f else r.choice(
                ["notStarted", "inProgress", "completed"])
            start = self.processing_start  # every document has a pilot or a go-live
            if "SEC-104" in f:
                variant = r.randint(0, 2)
                if variant == 0:
                    completion = None
                elif variant == 1:
                    completion = self.end
                else:
                    completion = start + self.days(1, 120)
            elif self.chance(0.15):
                completion = start  # on the day processing starts: still in time
            else:
                completion = start - self.days(1, 200)
            if completion is not None:
                attrs["completionDate"] = iso(completion)
            # The data protection officer's advice (SEC-023).
            if "SEC-023" not in f:
                attrs["dpoAdviceDate"] = iso(self.start - self.days(1, 60))
            # Prior consultation of the supervisory authority at high residual risk (SEC-022).
            attrs["residualRisk"] = "high" if "SEC-022" in f else r.choice(
                ["low", "medium", "high"])
            high = attrs["residualRisk"] == "high"
            attrs["priorConsultation"] = "true" if high and "SEC-022" not in f else "false"
        else:
            attrs["status"] = "notStarted"
        if not without_dpia:
            d = e.add(Element("dpia", attrs))
            if required != "yes":
                d.add(self.text("justification", 1))
        if "SEC-106" not in f:  # record of processing activities (SEC-106)
            rop = {"status": r.choice(["existing", "planned"])}
            if self.optional(0.5):
                rop["ref"] = f"VVT-{r.randint(100, 999)}"
            e.add(Element("recordOfProcessing", rop))
        if "SEC-105" not in f:  # data protection by design (SEC-105)
            bd = e.add(Element("byDesign"))
            for kind in r.sample(["minimisation", "pseudonymisation", "anonymisation",
                                  "accessControl", "defaultSettings", "deletionConcept",
                                  "transparency"], r.randint(1, 4)):
                m = bd.add(self.text("measure", 1))
                m.attrs["type"] = kind
        return e

    def security(self):
        f = self.faults
        r = self.rng
        e = Element("security")
        needs = [self.protection(c).attrs for c in self.components]
        elevated = any(v in ("high", "veryHigh") for n in needs for v in n.values())
        high_availability = any(n.get("availability") in ("high", "veryHigh") for n in needs)
        # Deadline for assessments "before go-live".
        go_live = self.go_live

        def before_go_live():
            if go_live is None:
                return None
            if self.chance(0.15):
                return go_live
            return go_live - self.days(1, 150)

        # Concept (SEC-003).
        if "SEC-003" in f:
            variant = r.randint(0, 2)
            if variant == 0:
                pass  # no concept
            elif variant == 1 or go_live is None:
                e.add(Element("concept", {"approach": "standard", "status": "planned",
                                          "date": iso(self.end + datetime.timedelta(days=30))}))
            else:
                e.add(Element("concept", {"approach": "standard", "status": "inProgress",
                                          "date": iso(go_live + self.days(1, 90))}))
        else:
            deadline = before_go_live()
            if deadline is None or self.chance(0.4):
                attrs = {"approach": r.choice(["basic", "standard", "core"]), "status": "exists",
                         "date": iso(self.start - self.days(1, 100))}
            else:
                attrs = {"approach": r.choice(["basic", "standard", "core"]),
                         "status": r.choice(["inProgress", "planned"]), "date": iso(deadline)}
            if self.optional(0.5):
                attrs["ref"] = f"SiKo-{self.year}-{r.randint(1, 99)}"
            e.add(Element("concept", attrs))
        # Minimum standards (SEC-012).
        if "SEC-012" in f or self.chance(0.6):
            compliant = "SEC-012" not in f and self.chance(0.6)
            ms = e.add(Element("minimumStandards", {"compliant": "true" if compliant else
                                                    "false"}))
            if not compliant:
                victim = r.randrange(self.n_deviations) if "SEC-012" in f else -1
                # A justified deviation for TLS or logging would excuse SEC-007 or INF-012.
                standards = ["Mindeststandard Web-Browser", "Mindeststandard externe Cloud-Dienste"]
                if "SEC-007" not in f:
                    standards.append("Mindeststandard TLS")
                if "INF-012" not in f:
                    standards.append("Mindeststandard Protokollierung")
                for i in range(self.n_deviations):
                    attrs = {"standard": r.choice(standards)}
                    if self.chance(0.6):
                        attrs["until"] = iso(self.date_between(self.start, self.end))
                    d = ms.add(Element("deviation", attrs))
                    if i != victim:
                        d.add(self.text("justification", 1))
        # Risk analysis (SEC-004).
        if "SEC-004" in f:
            variant = r.randint(0, 2)
            if variant == 1:
                e.add(Element("riskAnalysis", {"method": "other", "status": "done",
                                               "date": iso(self.start)}))
            elif variant == 2:
                late = (go_live or self.end) + self.days(1, 60)
                e.add(Element("riskAnalysis", {"method": "bsiStandard2003", "status": "planned",
                                               "date": iso(late)}))
        elif elevated or self.chance(0.3):
            deadline = before_go_live()
            if deadline is None or self.chance(0.4):
                attrs = {"method": "bsiStandard2003", "status": "done",
                         "date": iso(self.start - self.days(1, 60))}
            else:
                attrs = {"method": "bsiStandard2003",
                         "status": r.choice(["inProgress", "planned"]), "date": iso(deadline)}
            e.add(Element("riskAnalysis", attrs))
        # Penetration test of components exposed to the internet with high protection needs,
        # before the go-live (SEC-113).
        exposed = [c.attrs["id"] for c in self.components
                   if c.attrs["internetFacing"] == "true"
                   and c.attrs["origin"] not in ("reuse", "saas")
                   and any(v in ("high", "veryHigh") for v in self.protection(c).attrs.values())]
        if exposed or self.optional(0.4):
            others = [c.attrs["id"] for c in r.sample(
                self.components, min(len(self.components), r.randint(1, 3)))]
            scope = set(exposed) | set(others)
            date = before_go_live() or self.date_between(self.start, self.end)
            if "SEC-113" in f and exposed:
                if go_live is not None and self.chance(0.4):
                    date = go_live + self.days(1, 60)
                else:
                    # Leave one exposed component out; the rule compares by substring, so
                    # ids that contain the left-out one go as well.
                    left_out = self.pick(exposed)
                    scope = {i for i in scope if left_out not in i}
            if scope and not ("SEC-113" in f and exposed and self.chance(0.2)):
                e.add(Element("penTest", {"date": iso(date),
                                          "scope": " ".join(sorted(scope))}))
        # Continuity (SEC-014), based on a business impact analysis (INF-010), restore tested
        # (INF-011).
        if "SEC-014" in f:
            if self.chance(0.5):
                e.add(Element("continuity", {"plan": "false", "rto": "PT24H", "rpo": "PT4H",
                                             "biaRef": f"BIA-{self.year}-1",
                                             "backupTested": "true"}))
        elif high_availability or self.chance(0.3) or f & {"INF-010", "INF-011"}:
            attrs = {"plan": "true", "rto": r.choice(["PT4H", "PT8H", "PT24H", "P2D"]),
                     "rpo": r.choice(["PT15M", "PT1H", "PT4H", "P1D"])}
            if "INF-010" not in f:
                attrs["biaRef"] = f"BIA-{self.year}-{r.randint(1, 50)}"
            attrs["backupTested"] = "false" if "INF-011" in f else "true"
            e.add(Element("continuity", attrs))
        # Core measures (SEC-006, SEC-116), logging (INF-012), incident handling (SEC-117).
        e.add(Element("measures", {"encryptionInTransit": "true",
                                   "encryptionAtRest": "false" if "SEC-006" in f else "true",
                                   "mfaAdmin": "false" if "SEC-116" in f else "true"}))
        if "INF-012" not in f:
            e.add(Element("logging", {"detectionConnected": "true"}))
        elif self.chance(0.5):
            e.add(Element("logging", {"detectionConnected": "false"}))
        if "SEC-117" not in f:
            e.add(Element("incidentProcess", {"defined": "true", "reportingToBsi": "true"}))
        elif self.chance(0.5):
            e.add(Element("incidentProcess", {"defined": "true", "reportingToBsi": "false"}))
        return e

    def accessibility(self):
        f = self.faults
        r = self.rng
        facing = [c.attrs for c in self.components if c.attrs.get("userFacing") == "true"]
        # Every component with a user interface is in scope (NUT-101).
        scope = list(dict.fromkeys(a["id"] for a in facing))
        if "NUT-101" in f:
            left_out = self.pick(scope)
            scope = [i for i in scope if left_out not in i]  # the rule compares by substring
        public_website = any(a["type"] == "webApp" and a["internetFacing"] == "true"
                             and a.get("audience") in ("external", "both") for a in facing)
        attrs = {"standard": r.choice(["en301549", "wcag21", "wcag22"]),
                 "level": r.choice(["aa", "aa", "aaa"]), "scope": " ".join(scope),
                 # Accessibility statement and feedback mechanism (NUT-004).
                 "statementPlanned": "true", "feedbackMechanism": "true"}
        if "NUT-004" in f:
            attrs[self.pick(["statementPlanned", "feedbackMechanism"])] = "false"
        # Easy language and sign language on public websites (NUT-005).
        if public_website or self.optional(0.5):
            easy = public_website and "NUT-005" not in f or self.chance(0.5)
            attrs["easyLanguage"] = "true" if easy else "false"
            attrs["signLanguage"] = "true" if easy and "NUT-005" not in f else "false"
        e = Element("accessibility", attrs)
        # A test before the go-live (NUT-102).
        go_live = self.go_live
        dates = [self.date_between(self.start, self.end) for _ in range(r.randint(0, 3))]
        if "NUT-102" in f:
            dates = [go_live + self.days(1, 60)] if go_live and self.chance(0.6) else []
        else:
            dates.append(self.date_between(self.start, go_live) if go_live else
                         self.date_between(self.start, self.end))
        for day in sorted(dates):
            e.add(Element("test", {"type": r.choice(["selfAssessment", "bitvTest",
                                                     "externalAudit"]), "date": iso(day)}))
        # Exceptions are justified and limited in time (NUT-104).
        if self.optional(0.15) or "NUT-104" in f:
            until = self.as_of - self.days(1, 90) if "NUT-104" in f else self.end
            x = e.add(Element("exception", {"until": iso(until)}))
            x.add(self.text("justification", 1))
        return e

    def ai(self):
        f = self.faults
        r = self.rng
        e = Element("ai", {"used": "true" if self.ai_used else "false"})
        if not self.ai_used or "KI-001" in f:
            return e  # KI-001: used = true without any AI system described
        origin = {c.attrs["id"]: c.attrs["origin"] for c in self.components}
        own = [i for i, o in origin.items() if o == "newDevelopment"]
        n = r.randint(1, 3)
        # Which system carries which defect.
        ai_rules = ("KI-002", "KI-003", "KI-005", "KI-007", "KI-010", "KI-011", "KI-012",
                    "KI-013", "KI-014")
        broken = {rule: r.randrange(n) for rule in ai_rules if rule in f}
        for i in range(n):
            high = i in (broken.get("KI-005"), broken.get("KI-007"), broken.get("KI-011"))
            risk_class = "highRisk" if high else r.choice(["highRisk", "transparency", "minimal",
                                                           "gpai"])
            personal = self.ai_personal if i == 0 else (self.ai_personal and self.chance(0.5))
            attrs = {"id": f"ki-{i + 1}"}
            if i == broken.get("KI-010") and own:
                attrs["componentRef"] = self.pick(own)
            elif self.optional(0.7):
                attrs["componentRef"] = r.choice(list(origin))
            # Own developments make the authority the provider (KI-010).
            provider = origin.get(attrs.get("componentRef")) == "newDevelopment"
            role = "provider" if provider else r.choice(["provider", "deployer", "deployer"])
            if i == broken.get("KI-010"):
                role = "deployer"
            interacts = self.chance(0.5) or i == broken.get("KI-012")
            generates = self.chance(0.5) or i in (broken.get("KI-013"), broken.get("KI-014"))
            if i == broken.get("KI-013"):
                role = "provider"
            elif i == broken.get("KI-014"):
                role = "deployer"
            attrs.update({"role": role, "riskClass": risk_class})
            check = "passed"
            if i == broken.get("KI-002"):
                if self.chance(0.5):
                    check = r.choice(["failed", "notDone"])
                else:
                    attrs["riskClass"] = "prohibited"
            if attrs["riskClass"] == "highRisk":
                # Annex III point (KI-003).
                attrs["annexIIIPoint"] = r.choice(["5a", "5b", "4a", "7b", "1", "6(c)"])
                if i == broken.get("KI-003"):
                    attrs["annexIIIPoint"] = "Anhang III Nr. 5"
            attrs.update({"prohibitedPracticeCheck": check,
                          "interactsWithPersons": "true" if interacts else "false",
                          "generatesContent": "true" if generates else "false",
                          "personalData": "true" if personal else "false"})
            # Logs of high-risk systems kept at least six months (KI-011).
            if attrs["riskClass"] == "highRisk":
                if i == broken.get("KI-011"):
                    if self.chance(0.5):
                        attrs["logRetentionDays"] = str(r.choice([30, 90, 182]))
                else:
                    attrs["logRetentionDays"] = str(r.choice([MIN_LOG_RETENTION_DAYS, 365, 730]))
            elif self.optional(0.5):
                attrs["logRetentionDays"] = str(r.choice([30, 90, 180, 365]))
            s = e.add(Element("aiSystem", attrs))
            s.add(Element("name", text=r.choice(["Posteingangsklassifikation",
                                                 "Antragsassistent", "Dokumentenextraktion",
                                                 "Übersetzungsdienst"])))
            s.add(self.text("purpose", 1))
            if i == broken.get("KI-003") and attrs["riskClass"] != "highRisk":
                s.add(Element("justification", text=" "))
            else:
                s.add(self.text("justification", 1))
            # Human oversight of high-risk systems (KI-005).
            high = attrs["riskClass"] == "highRisk"
            if (high and i != broken.get("KI-005")) or (not high and self.optional(0.5)):
                h = s.add(Element("humanOversight", {"role": "Sachbearbeitung"}))
                for _ in range(r.randint(1, 3)):
                    h.add(self.text("measure", 1))
            # Transparency (KI-007, KI-012, KI-013, KI-014).
            notice = i != broken.get("KI-012") and (interacts or self.chance(0.5))
            labelling = generates and i not in (broken.get("KI-013"), broken.get("KI-014"))
            informed = high and i != broken.get("KI-007") or (not high and self.chance(0.5))
            s.add(Element("transparency", {"userNotice": "true" if notice else "false",
                                           "contentLabelling": "true" if labelling else "false",
                                           "affectedPersonsInformed": "true" if informed
                                           else "false"}))
        return e

    def competences(self):
        f = self.faults
        r = self.rng
        e = Element("competences")
        comps = [c.attrs for c in self.components]
        user_interfaces = any(a["userFacing"] == "true" for a in comps)
        new_development = any(a["origin"] == "newDevelopment" for a in comps)
        internal = any(a["operatorType"] == "internal" for a in comps)
        # Skills: product management always, architecture for own developments (KOM-002),
        # operations for internal operation (INF-015), then others.
        areas = ["productManagement"]
        if new_development and "KOM-002" not in f:
            areas.append("architecture")
        if internal and "INF-015" not in f:
            areas.append("operations")
        if self.personal and "SEC-018" in f:
            areas.append("dataProtection")  # privacy in the team without the officer (KOM-002)
        others = ["agile", "security", "dataProtection", "accessibility", "ai", "procurement",
                  "userResearch", "changeManagement"]
        if "KOM-002" not in f:
            others.append("architecture")
        if "INF-015" not in f:
            others.append("operations")
        r.shuffle(others)
        for area in others[:max(0, self.n_skills - len(areas))]:
            if area not in areas:
                areas.append(area)
        forced = {}
        if "KOM-001" in f:  # a gap in a core competence without training
            forced[self.pick(["productManagement", "agile", "security"])] = "partly"
        if "KOM-015" in f:
            forced["dataProtection"] = "no"
        if "KOM-010" in f:
            forced["procurement"] = "partly"  # a gap that is not described
        if "KOM-014" in f and "accessibility" in areas:
            forced["accessibility"] = "no"
        for area in forced:
            if area not in areas:
                areas.append(area)
        available = {area: forced.get(area, r.choice(["yes", "partly", "no"])) for area in areas}
        for area in areas:
            s = e.add(Element("skill", {"area": area, "available": available[area]}))
            if available[area] != "yes" and not ("KOM-010" in f and area == "procurement"):
                s.add(self.text("gap", 1))

        # Trainings: closing gaps in core competences (KOM-001) and data protection
        # (KOM-015), accessibility (KOM-014), AI literacy (KOM-011, KOM-012), and a training
        # of the staff before productive use (KOM-013).
        productive = [d for t, d in self.milestones if t in ("pilot", "goLive")]
        first, last = min(productive), max(productive)
        trainings = []

        def any_date():
            if "KOM-013" in f:  # every training after the productive start
                return self.date_between(last + datetime.timedelta(days=1), self.end)
            return self.date_between(self.start, self.end)

        def early():
            return self.date_between(self.start - datetime.timedelta(days=60), first)

        needed = {"productManagement": "productOwnership", "agile": "agile",
                  "security": "security"}
        for area, topic in needed.items():
            if available.get(area, "yes") != "yes" and area not in forced:
                trainings.append((topic, any_date()))
        if self.personal and available.get("dataProtection", "yes") != "yes" and (
                "KOM-015" not in f):
            trainings.append(("dataProtection", any_date()))
        if user_interfaces and "KOM-014" not in f:
            trainings.append(("accessibility", any_date()))
        if self.ai_used and "KOM-011" not in f:
            if "KOM-012" in f:
                trainings.append(("aiLiteracy", last + self.days(1, 60)))
            else:
                trainings.append(("aiLiteracy", early() if "KOM-013" not in f else any_date()))
        if self.group_types & {"internalStaff", "administration"} and "KOM-013" not in f:
            trainings.append((r.choice(["eFile", "other"] if "KOM-015" in f else
                                       ["eFile", "other", "dataProtection"]), early()))
        # Further trainings, on topics that do not hide a defect.
        topics = {"aiLiteracy", "security", "dataProtection", "accessibility", "agile",
                  "productOwnership", "eFile", "other"}
        topics -= {needed[area] for area in forced if area in needed}
        if "KOM-015" in f:
            topics.discard("dataProtection")
        if "KOM-014" in f:
            topics.discard("accessibility")
        if f & {"KOM-011", "KOM-012"} or not self.ai_used:
            topics.discard("aiLiteracy")
        for _ in range(self.n_trainings):
            trainings.append((r.choice(sorted(topics)), any_date()))
        for topic, day in sorted(trainings, key=lambda t: t[1]):
            e.add(Element("training", {"topic": topic,
                                       "audience": r.choice(["Projektteam", "Sachbearbeitung",
                                                             "Führungskräfte"]),
                                       "date": iso(day)}))
        # Change management where processes change (GOV-020) or a rollout reaches the staff
        # (KOM-004).
        rollout = (self.project_type == "rollout" and "internalStaff" in self.group_types
                   and not self.process_support)
        if self.process_support or rollout:
            if f & {"GOV-020", "KOM-004"}:
                if self.chance(0.5):
                    c = e.add(Element("changeManagement", {"planned": "false"}))
                    c.add(self.text("description", 1))
            else:
                c = e.add(Element("changeManagement", {"planned": "true"}))
                c.add(self.text("description", 2))
        elif self.chance(0.3):
            c = e.add(Element("changeManagement", {"planned": self.boolean(0.7)}))
            c.add(self.text("description", 1))
        return e

    def governance(self):
        f = self.faults
        r = self.rng
        e = Element("governance", {"methodology": self.methodology})
        needs_committee = self.total_written > APPROVAL_LIMIT_TOTAL * 100 or self.participants > 0
        if "GOV-003" in f:
            variant = r.randint(0, 2)
            if variant == 1:
                sc = e.add(Element("steeringCommittee", {"chair": "Abteilungsleitung Z",
                                                         "cadence": "quarterly",
                                                         "decisionRights": "false"}))
                sc.add(Element("member", text="Referatsleitung Haushalt"))
            elif variant == 2:
                e.add(Element("steeringCommittee", {"chair": "Abteilungsleitung Z",
                                                    "cadence": "quarterly",
                                                    "decisionRights": "true"}))
        elif needs_committee or self.chance(0.4):
            sc = e.add(Element("steeringCommittee", {
                "chair": r.choice(["Abteilungsleitung Z", "Staatssekretärin", "CIO des Ressorts"]),
                "cadence": r.choice(["monthly", "bimonthly", "quarterly"]),
                "decisionRights": "true" if needs_committee else self.boolean(0.7)}))
            for i in range(self.n_members):
                sc.add(Element("member", text=r.choice(["Referatsleitung", "Haushaltsreferat",
                                                        "IT-Sicherheitsbeauftragte",
                                                        "Vertretung der Länder",
                                                        "Fachabteilung"]) + f" ({i + 1})"))
        if self.optional(0.6):
            e.add(Element("reporting", {"cadence": r.choice(["monthly", "quarterly",
                                                             "halfYearly"]),
                                        "recipient": "Lenkungsausschuss"}))
        approval_needed = not self.security_domain and (
            self.total_written > APPROVAL_LIMIT_TOTAL * 100 or self.strategic
            or any(t > APPROVAL_LIMIT_YEAR * 100 for t in self.year_totals))
        if "GOV-004" in f:
            if self.chance(0.6):
                e.add(Element("itApproval", {"status": r.choice(["notRequired", "refused"])}))
        elif approval_needed or self.chance(0.3):
            status = r.choice(["requested", "granted"]) if approval_needed else "notRequired"
            if "GOV-005" in f:
                status = "granted"
            attrs = {"status": status}
            if status != "notRequired":
                attrs["date"] = iso(self.doc_date - self.days(1, 120))
                attrs["ref"] = f"DG I 1 - {r.randint(1000, 9999)}/{self.year % 100}"
                # A granted approval is registered in the central database (GOV-005).
                if "GOV-005" not in f and (status == "granted" or self.optional(0.3)):
                    attrs["registryId"] = f"VDB-{r.randint(10000, 99999)}"
            e.add(Element("itApproval", attrs))
        if self.optional(0.5):
            e.add(self.text("decisionRules", 2))
        return e

    def risks(self):
        f = self.faults
        r = self.rng
        e = Element("risks")
        victim = r.randrange(self.n_risks) if "GOV-012" in f else -1
        for i in range(self.n_risks):
            if i == victim:
                likelihood, impact = r.choice([(3, 5), (5, 3), (4, 4), (5, 5), (4, 5)])
            else:
                likelihood, impact = r.randint(1, 5), r.randint(1, 5)
            attrs = {"id": f"R{i + 1:03d}",
                     "category": r.choice(["schedule", "budget", "technical", "security",
                                           "dataProtection", "legal", "organisational", "vendor",
                                           "acceptance"]),
                     "likelihood": str(likelihood), "impact": str(impact)}
            if self.optional(0.5):
                attrs["owner"] = r.choice(["Projektleitung", "Produktverantwortung",
                                           "IT-Sicherheitsbeauftragte"])
            x = e.add(Element("risk", attrs))
            x.add(self.text("description", 1))
            if i == victim:
                if self.chance(0.3):
                    x.add(Element("mitigation", text="  "))
            elif likelihood * impact >= HIGH_RISK_SCORE or self.chance(0.4):
                x.add(self.text("mitigation", 1))
        return e

    def user_research(self):
        f = self.faults
        r = self.rng
        # Needs surveyed before the concept, pilot and go-live (NUT-001); a usability test
        # before the go-live (NUT-002) that includes persons with disabilities (NUT-105).
        deadlines = [d for t, d in self.milestones if t in ("conceptDone", "pilot", "goLive")]
        go_live = self.go_live
        activities = []
        if "NUT-001" not in f:
            activities.append((r.choice(["interview", "survey", "codesign", "analytics"]),
                               min(deadlines) - self.days(1, 150), self.chance(0.4)))
        elif self.chance(0.5):
            activities.append(("interview", max(deadlines) + self.days(1, 30), True))
        if "NUT-002" not in f:
            latest = go_live or self.end
            activities.append(("usabilityTest",
                               self.date_between(self.start, latest - datetime.timedelta(days=1)),
                               "NUT-105" not in f))
        elif go_live and self.chance(0.5):
            activities.append(("usabilityTest", go_live + self.days(1, 60), True))
        methods = ["usabilityTest", "interview", "survey", "analytics", "codesign"]
        if "NUT-001" in f:
            methods = ["usabilityTest"]
        if "NUT-002" in f or "NUT-105" in f:
            methods = [m for m in methods if m != "usabilityTest"]
        for _ in range(r.randint(0, 3) if methods else 0):
            method = r.choice(methods)
            day = self.date_between(self.start, self.end)
            if "NUT-001" in f:
                day = max(deadlines) + self.days(1, 30)
            activities.append((method, day, method != "usabilityTest" and self.chance(0.4)))
        done = any(day <= self.doc_date for _, day, _ in activities)
        e = Element("userResearch", {"done": "true" if done else "false",
                                     "planned": "true" if activities or self.chance(0.5)
                                     else "false"})
        for method, day, disabilities in sorted(activities, key=lambda a: a[1]):
            a = e.add(Element("activity", {
                "method": method, "date": iso(day), "participants": str(r.randint(3, 400)),
                "includesPersonsWithDisabilities": "true" if disabilities else "false"}))
            if self.optional(0.6):
                a.add(self.text("findings", 2))
        return e

    def reuse(self):
        f = self.faults
        r = self.rng
        e = Element("reuse")
        new_dev = any(c.attrs["origin"] == "newDevelopment" for c in self.components)
        sources = ["interoperableEuropePortal", "openCoDE", "efaMarketplace", "deutschlandStack",
                   "consolidatedFederalServices", "other"]
        candidates = self.n_candidates
        if new_dev and "INT-106" not in f:
            candidates = max(1, candidates)
        if "INT-106" in f:
            variant = r.randint(0, 2)
            if variant == 0:
                s = e.add(Element("search", {"performed": "false"}))
            elif variant == 1:
                s = e.add(Element("search", {"performed": "true"}))
                s.add(Element("source", {"type": "openCoDE"}))
                candidates = 0
            else:
                s = None
        elif new_dev or self.chance(0.5):
            s = e.add(Element("search", {"performed": "true"}))
            for kind in r.sample(sources, r.randint(1, 4)):
                s.add(Element("source", {"type": kind}))
        for i in range(candidates):
            c = e.add(Element("candidate", {"name": r.choice(["Formularserver OZG", "OpenDesk",
                                                              "Dataport Antragsmanagement",
                                                              "EfA-Baustein Zahlung",
                                                              "Bundesportal-Formular"])
                                            + f" {i + 1}",
                                            "source": r.choice(sources),
                                            "decision": r.choice(["reused", "adapted",
                                                                  "rejected"])}))
            c.add(self.text("reason", 1))
        # Own developments are offered for reuse (INT-107, WIR-007).
        if (new_dev or self.optional(0.6)) and not ("INT-107" in f and self.chance(0.3)):
            exception = r.choice(["none", "none", "thirdPartyRights", "security"])
            if "WIR-007" in f:
                exception = "none"  # an exception would excuse the unpublished source code
            publication = "none" if exception != "none" else r.choice(
                ["openCoDE", "interoperableEuropePortal", "efaMarketplace"])
            if "INT-107" in f:  # not shared and no exception for a cross-border service
                publication, exception = "none", "none"
            sh = e.add(Element("sharing", {"publication": publication, "exception": exception}))
            if exception != "none":
                sh.add(self.text("justification", 1))
        return e

    def exit_strategy(self):
        f = self.faults
        r = self.rng
        lock_in = "high" if "WIR-012" in f else r.choice(["low", "medium", "high"])
        # An exit strategy with an open export format, for external and cloud operation
        # (INT-110) as well as otherwise (WIR-011), described where components are proprietary
        # or kept outside the EEA (WIR-009), with a notice period for external operators
        # (INF-006) and mitigation of a high lock-in risk (INT-110, WIR-012).
        exists, export_format, description = True, True, True
        mitigation = lock_in == "high" and "WIR-012" not in f
        # Without an exit strategy, WIR-009 would fail too where components are proprietary or
        # keep data outside the EEA.
        switch_needed = any(c.attrs["hostingLocation"] not in EEA
                            or self.licence(c).get("openSource") == "false"
                            for c in self.components)
        if "INT-110" in f or "WIR-011" in f:
            variant = 1 if switch_needed else r.randint(0, 2)
            if variant == 0:
                exists = export_format = description = False
            elif variant == 1:
                export_format = False  # claimed, but without export format
            elif "INT-110" in f:
                lock_in, mitigation = "high", False
            else:
                exists = export_format = description = False
        if "WIR-009" in f:
            description = False
        attrs = {"exists": "true" if exists else "false", "lockInRisk": lock_in}
        if export_format:
            attrs["dataExportFormat"] = r.choice(["CSV (RFC 4180)", "JSON", "XÖV-Nachrichten",
                                                  "XDOMEA 3.0", "PDF/A-3"])
        operated_externally = any(c.attrs["operatorType"] == "external" for c in self.components)
        if (operated_externally and "INF-006" not in f) or (
                not operated_externally and self.optional(0.5)):
            attrs["noticePeriod"] = r.choice(["P3M", "P6M", "P1Y"])
        e = Element("exitStrategy", attrs)
        if description:
            e.add(self.text("description", 2))
        if mitigation:
            e.add(self.text("mitigation", 1))
        return e

    def interoperability_assessment(self):
        f = self.faults
        r = self.rng
        required = r.choice(["yes", "no", "no", "voluntary"])
        if f & {"INT-102", "INT-104"}:
            required = "yes"
        elif "INT-103" in f:
            required = r.choice(["yes", "voluntary"])
        justification = True
        if "INT-101" in f:
            if "INT-102" not in f and self.chance(0.5):
                required = "unclear"
            else:
                justification = False
        if required == "yes" and "INT-102" not in f:
            status = "completed"
        elif "INT-102" in f:
            status = r.choice(["notStarted", "inProgress", "completed"])
        else:
            status = r.choice(["notStarted", "inProgress", "completed", "notApplicable"])
        attrs = {"required": required, "status": status}
        done = self.doc_date - self.days(1, 90)
        if status == "completed" and not ("INT-102" in f):
            attrs["date"] = iso(done)
        e = Element("interoperabilityAssessment", attrs)
        if justification:
            e.add(self.text("justification", 2))
        else:
            e.add(Element("justification", text=" "))
        # The effect on each of the four layers (INT-103).
        if required in ("yes", "voluntary"):
            layers = ["legal", "organisational", "semantic", "technical"]
            if "INT-103" in f:
                layers = r.sample(layers, r.randint(1, 3))
            for layer in layers:
                le = e.add(self.text("layerEffect", 1))
                le.attrs = {"layer": layer, "impact": r.choice(["none", "low", "medium", "high"])}
        # The report of a mandatory assessment is published (INT-104).
        publish = required == "yes" and status == "completed" and "INT-104" not in f
        if publish or (status == "completed" and "INT-104" not in f and self.chance(0.4)):
            e.add(Element("report", {
                "url": f"https://interoperable-europe.ec.europa.eu/reports/{self.ministry.lower()}"
                       f"-{self.year}-{r.randint(1, 999)}?lang=de&format=xml",
                "publishedOn": iso(done + self.days(1, 20))}))
        return e

    def economic_appraisal(self):
        f = self.faults
        r = self.rng
        if "GOV-017" in f and "GOV-018" not in f and self.chance(0.4):
            return None
        # A positive result, urgency or strategic weight, or reasons for the choice (WIR-002).
        weak = "WIR-002" in f or (self.chance(0.2) and not f & {"WIR-014", "GOV-018"})
        npv = r.randint(-5000000, -1) if weak else r.randint(1, 20000000)
        attrs = {"method": "wibe" if "WIR-010" in f else r.choice(
            ["wibe", "wibe", "costComparison", "costBenefit", "other"])}
        if attrs["method"] == "wibe":
            attrs["version"] = "WiBe 5.0"
        # Done by the date of the document (WIR-001).
        done = self.doc_date + self.days(1, 60) if "WIR-001" in f else (
            self.doc_date - self.days(0, 200))
        attrs["date"] = iso(done)
        attrs["netPresentValue"] = f"{npv}.{r.randint(0, 99):02d}"
        if "GOV-017" in f:
            variant = r.randint(0, 2)
            if variant == 0:
                del attrs["netPresentValue"]
            elif variant == 1:
                del attrs["date"]
            else:
                attrs["method"] = "nutzwertanalyse"
        # The horizon covers at least a year of operation after the go-live (WIR-005).
        go_live = next((d for t, d in self.milestones if t == "goLive"), None)
        needed = (go_live.year - self.start.year + 2) if go_live else 5
        if "WIR-005" in f:
            if self.chance(0.5):
                attrs["horizonYears"] = str(needed - 1)
        else:
            attrs["horizonYears"] = str(max(needed, 5) + r.randint(0, 5))
        if self.optional(0.6) or weak:
            high = 0 if weak else 100
            attrs["urgencyScore"] = str(r.randint(0, 49) if weak else r.randint(0, high))
            attrs["strategicScore"] = str(r.randint(0, 49) if weak else r.randint(0, high))
        # Version and reference of a WiBe (WIR-010).
        if "WIR-010" not in f and (attrs["method"] == "wibe" or self.optional(0.3)):
            attrs["documentRef"] = f"WiBe-{self.year}-{r.randint(1, 99)}.xlsx"
        e = Element("economicAppraisal", attrs)
        n = self.n_alternatives
        chosen = r.randrange(n)
        selected = [chosen]
        if "GOV-018" in f:
            variant = r.randint(0, 2)
            if variant == 0:
                n, chosen, selected = 1, 0, [0]
            elif variant == 1:
                selected = []
            else:
                selected = list(range(n))
        # Status quo or reuse among the alternatives (WIR-003).
        kinds = ["statusQuo", "reuse", "newDevelopment", "purchase", "other"]
        if "WIR-003" in f:
            kinds = ["newDevelopment", "purchase", "other"]
        values = [r.randint(-3000000, 15000000) if self.optional(0.7) else None
                  for _ in range(n)]
        if "WIR-014" in f and n > 1:
            # The chosen alternative has a lower net present value than another one.
            values[chosen] = r.randint(-3000000, 1000000)
            values[(chosen + 1) % n] = values[chosen] + r.randint(1, 5000000)
        elif "WIR-002" in f and values[chosen] is not None:
            # Without reasons the choice must at least have the best value (WIR-014).
            values[chosen] = max(v for v in values if v is not None) + r.randint(0, 1000)
        best = max((v for v in values if v is not None), default=None)
        for i in range(n):
            a = {"id": f"alt-{i + 1}", "type": kinds[i % len(kinds)],
                 "selected": "true" if i in selected else "false"}
            if values[i] is not None:
                a["netPresentValue"] = str(values[i])
            x = e.add(Element("alternative", a))
            x.add(Element("name", text=f"Alternative {i + 1}: {kinds[i % len(kinds)]}"))
            # The choice is explained where it is not the best value or the result is weak
            # (WIR-014, WIR-002).
            if i in selected and not f & {"WIR-014", "WIR-002"}:
                explain = weak or (values[i] is not None and values[i] < best)
            else:
                explain = False
            if explain or (i not in selected and self.optional(0.6)) or (
                    i in selected and not f & {"WIR-014", "WIR-002"} and self.optional(0.3)):
                x.add(self.text("reason", 1))
        return e

    def procurement(self):
        f = self.faults
        r = self.rng
        planned = self.chance(0.7) or bool(f & {"WIR-013", "WIR-015"})
        attrs = {"planned": "true" if planned else "false"}
        if planned:
            attrs["procedure"] = r.choice(["open", "restricted", "negotiated", "frameworkCall",
                                           "inHouse"])
            # Within the total volume (WIR-015).
            share = r.randint(110, 200) if "WIR-015" in f else r.randint(10, 60)
            attrs["estimatedValue"] = fmt_amount(self.total_written * share // 100,
                                                 self.with_cents)
            # Accessibility requirements in the specification (WIR-013).
            attrs["accessibilityClause"] = "false" if "WIR-013" in f else "true"
        e = Element("procurement", attrs)
        if self.optional(0.6):
            e.add(self.text("description", 2))
        return e

    def waiver_requests(self):
        e = Element("waiverRequests")
        for _ in range(self.n_waivers):
            attrs = {"ruleId": self.pick(RULE_IDS)}
            if self.chance(0.5):
                attrs["until"] = iso(self.end)
            w = e.add(Element("waiverRequest", attrs))
            w.add(self.text("justification", 2))
        return e

    def attachments(self):
        r = self.rng
        e = Element("attachments")
        kinds = ["securityConcept", "dpia", "economicAppraisal", "architecture", "processModel",
                 "interoperabilityReport", "other"]
        if "WIR-010" in self.faults:
            kinds.remove("economicAppraisal")  # it would stand in for the WiBe reference
        for i in range(self.n_attachments):
            attrs = {"type": r.choice(kinds),
                     "ref": f"Anlage_{i + 1:02d}_{self.ministry}.pdf"}
            if self.optional(0.6):
                attrs["date"] = iso(self.start - self.days(1, 100))
            d = e.add(Element("document", attrs))
            if self.optional(0.7):
                d.add(Element("title", text=f"Anlage {i + 1}: {r.choice(OBJECTS)}"))
        return e

    # -- size ---------------------------------------------------------------------------------

    def pad(self, root):
        """Adds German paragraphs to free-text elements until the target size is reached."""
        text = serialize(root)
        size = len(text.encode("utf-8"))
        if not self.text_slots:
            return text
        while size < self.target:
            slot = self.pick(self.text_slots)
            paragraph = self.paragraph()
            slot.text += "\n" + paragraph
            size += len(escape_text(paragraph).encode("utf-8")) + 1
        return serialize(root)


def generate_one(job):
    seed, index, target, out_dir = job
    gen = Generator(seed, index, target)
    root = gen.build()
    text = gen.pad(root)
    data = text.encode("utf-8")
    name = f"proposal-{index:05d}.xml"
    with open(os.path.join(out_dir, name), "wb") as handle:
        handle.write(data)
    return {"file": name, "bytes": len(data), "faults": sorted(gen.faults)}


def target_sizes(seed, count, min_kb, max_kb):
    """Log-uniform target sizes in bytes, one per document, independent of the document seeds."""
    rng = random.Random(f"konform-bench-sizes:{seed}")
    low, high = math.log(min_kb * 1024), math.log(max_kb * 1024)
    return [int(math.exp(rng.uniform(low, high))) for _ in range(count)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=100, help="number of documents")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", required=True, help="output directory (created if missing)")
    parser.add_argument("--min-kb", type=float, default=5, help="smallest target size in KB")
    parser.add_argument("--max-kb", type=float, default=500, help="largest target size in KB")
    parser.add_argument("--manifest", help="write the deliberate defects per file (JSON lines)")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per core)")
    args = parser.parse_args(argv)
    if args.count < 1 or args.min_kb <= 0 or args.max_kb < args.min_kb:
        parser.error("need --count >= 1 and 0 < --min-kb <= --max-kb")

    os.makedirs(args.out, exist_ok=True)
    sizes = target_sizes(args.seed, args.count, args.min_kb, args.max_kb)
    jobs = [(args.seed, i + 1, sizes[i], args.out) for i in range(args.count)]
    workers = args.jobs or os.cpu_count() or 1
    if workers > 1 and args.count > 1:
        with multiprocessing.Pool(workers) as pool:
            results = pool.map(generate_one, jobs, chunksize=max(1, args.count // (workers * 8)))
    else:
        results = [generate_one(job) for job in jobs]

    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as handle:
            for result in results:
                handle.write(json.dumps(result, ensure_ascii=False) + "\n")
    total = sum(result["bytes"] for result in results)
    with_defects = sum(1 for result in results if result["faults"])
    print(f"{len(results)} files, {total / 1e6:.1f} MB in {args.out} "
          f"({with_defects} with deliberate defects; seed {args.seed}, "
          f"{args.min_kb:g}-{args.max_kb:g} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
