"""Word lists the entity annotator reads around a hit: words that end a name, months, nouns
that make a place name part of another name, title words, honorifics."""

from __future__ import annotations

__all__ = [
    "GIVEN_NAMES",
    "HONORIFIC_WORDS",
    "MONTHS",
    "NAMED_AFTER_PLACE",
    "PERSON_TITLE_WORDS",
    "QUALIFIERS",
    "STOP",
    "TITLE_EXTRA",
]

STOP = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "And",
        "But",
        "Or",
        "In",
        "On",
        "At",
        "To",
        "For",
        "With",
        "From",
        "By",
        "As",
        "Also",
        "Has",
        "Had",
        "Have",
        "Will",
        "Would",
        "Could",
        "Should",
        "Said",
        "Says",
        "Is",
        "Was",
        "Were",
        "Are",
        "Be",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "Of",
        "Mr",
        "Ms",
        "Mrs",
        "Dr",
        "Madam",
        "Sir",
        "Today",
        "Yesterday",
        "Meeting",
        "Office",
        "Council",
        "Committee",
        "Ministry",
        "Level",
        "Talks",
        "Visit",
        "Elect",
        "Emeritus",
        "General",
        "Commission",
        "Assembly",
        "Administration",
        "Bureau",
        "Department",
        "Agency",
        "Division",
        "Mission",
        "Embassy",
        "Service",
        "Institute",
        "Center",
        "Centre",
        "Forum",
        "Airport",
        "Affairs",
        "Island",
        "Islands",
        "City",
        "Resort",
        "Hotel",
        "Palace",
        "Hall",
        "Street",
        "Square",
    ]
)

MONTHS = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)

NAMED_AFTER_PLACE = frozenset(
    [
        "agreement",
        "agreements",
        "accord",
        "accords",
        "format",
        "process",
        "declaration",
        "protocol",
        "consensus",
        "conference",
        "convention",
        "treaty",
        "framework",
        "platform",
        "programme",
        "program",
        "communique",
        "talks",
        "summit",
        "principles",
    ]
)

QUALIFIERS = frozenset({"vice", "deputy", "assistant", "under", "former"})

TITLE_EXTRA = frozenset(
    {
        "Deputy",
        "Senior",
        "Advisor",
        "Adviser",
        "Assistant",
        "Under",
        "Special",
        "Acting",
        "Former",
        "Minister",
        "Foreign",
        "Press",
        "Principal",
        "Executive",
        "Director",
        "Pro",
        "Tempore",
    }
)

HONORIFIC_WORDS = frozenset(
    {"Mr", "Ms", "Mrs", "Dr", "Madam", "Comrade", "Excellency", "Shri", "Smt", "Hon", "Prof", "Sir", "Dame"}
)

GIVEN_NAMES = frozenset({"He"})

# Words of a person's title: an organisation's name does not go on into them ('Office of the
# Spokesperson', 'Bureau of X Senior Official Jane Roe').
PERSON_TITLE_WORDS = frozenset(
    {"President", "Minister", "Secretary", "Spokesperson", "Spokesman", "Spokeswoman", "Ambassador"}
    | {"Director", "Official", "Officials", "Senior", "Deputy", "Assistant", "Under", "Acting", "Chairman"}
    | {"Chairperson", "Chair", "Advisor", "Adviser", "Envoy", "Representative", "Counselor", "Head"}
    | {"Administrator", "Governor", "Senator", "Mayor", "Chief", "Principal", "Press"}
)
