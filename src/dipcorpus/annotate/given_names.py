"""Given names: a first name before a capitalised word marks a person's full name ('Andrew Smith').

Two sources:
- `GIVEN`: common given names written for this project (no source copied). Names that are also
  ordinary English words or titles ('May', 'Will', 'Grace', 'Bill', 'Major') are left out on purpose.
- `more_given_names()`: the first names of Faker's per-locale person providers (MIT), read once from
  the installed package (nothing is downloaded), Latin script only, without the names that are
  ordinary English words (`wordfreq` Zipf frequency 4.2 or more: 'Mark', 'Hope', 'Summer', 'China').
  These are weaker cues: the name rule also asks that the document never writes them in lower case.
- `EAST_ASIAN_SURNAMES`: romanised family names printed first ('Park Jin-woo', 'TANABE Kenji'):
  Faker's romanised Chinese and Japanese family names and a few common Korean, Cantonese,
  Hokkien and Vietnamese spellings written for this project.
"""

from __future__ import annotations

import functools
import gc
import importlib
import pkgutil
import re
import sys

__all__ = ["GIVEN", "east_asian_surnames", "is_long_list_given", "more_given_names"]

_NAMES = """
Aaron Abdul Abdullah Abdullahi Abel Abraham Adam Adrian Ahmad Ahmed Aisha Alan Albert Alberto Aleksandr
Aleksei Alexander Alexandra Alexei Alexey Alfred Ali Alice Alicia Alison Amanda Amina Amir Amy Ana
Anatoly Anders Andrea Andreas Andrei Andrew Andrey Andrzej Andy Angela Angelo Ann Anna Anne Annette
Anthony Antoine Anton Antonio Antony Arkady Arthur Ashley Ayman Barack Barbara Benjamin Bernard Bertrand
Boris Brian Bruce Bruno Carl Carlos Carmen Caroline Catherine Cecilia Charles Charlotte Chris Christian
Christina Christine Christopher Chuck Claire Claudia Colin Craig Cristina Cyril Dan Daniel Daniela Danielle
Danilo Dante Darren David Deborah Denis Dennis Dmitri Dmitry Dmytro Dominic Donald Doug Douglas Dmitriy
Eduardo Edward Elena Elizabeth Elisabeth Ellen Emily Emma Emmanuel Enrique Eric Erik Ernesto Evgeny
Fatima Felipe Fernando Francesco Francis Francisco Frank Franz Frederick Gabriel Gary Gavin Gennady George
Georgy Gerhard Giorgio Giovanni Giuseppe Gordon Gregory Guillermo Gustavo Hamid Hans Harold Hassan Heather
Heinz Helen Helmut Henry Hillary Hugo Hussein Ian Ibrahim Igor Ilya Irina Isabel Isabelle Ismail Ivan
Jack Jacob Jacques Jaime Jake James Jane Janet Jason Javier Jean Jeff Jeffrey Jennifer Jeremy Jerome
Jessica Jim Joachim Joan Joanna Joe Johann Johannes John Jonathan Jorge Jose José Joseph Joshua Juan Judith
Julia Julian Julie Julien Justin Karen Karl Katherine Kathleen Kenneth Kevin Khalid Konstantin Kurt
Laura Lawrence Leonid Linda Lisa Lloyd Louis Luc Luca Lucas Luis Luiz Manuel Marc Marco Marcus Margaret
Maria María Marie Marina Mario Martin Mary Matteo Matthew Maxim Megan Mehmet Melissa Michael Michel
Michele Michelle Miguel Mikhail Mohamed Mohammad Mohammed Muhammad Nadia Nancy Natalia Natalya Nathan
Nicholas Nicola Nicolas Nicolás Nikita Nikolai Nikolay Olga Oleg Oliver Olivia Omar Oscar Pablo Patricia
Patrick Paul Paula Pavel Pedro Peter Philip Philippe Pierre Rachel Rafael Rahul Raj Raymond Rebecca
Ricardo Richard Robert Roberto Roger Roman Ronald Rosa Ruslan Ryan Salman Samantha Samuel Sandra
Sara Sarah Sean Sebastian Sebastián Sergei Sergey Sergio Silvia Simon Sofia Sophie Stefan Stephan
Stephanie Stephen Steve Steven Susan Sven Tatiana Tatyana Thomas Tim Timothy Tobias Todd Tom Tony Valentina
Valery Vasily Viktor Victor Victoria Vincent Vitaly Vladimir Vladislav Walter William Wolfgang Yaroslav
Yevgeny Yuri Yury Rene René Ben Mike Bob Rob Tony Dave Steve Nick Matt Pat Ted Joe
Rakesh Rajesh Suresh Ramesh Mahesh Dinesh Ganesh Naresh Sanjay Vijay Ajay Anil Sunil Amit Sumit Arun
Vikram Sandeep Pradeep Manoj Vinod Ashok Alok Arvind Anand Harsh Nirmala Priya Sunita Anita Kavita
Subrahmanyam Jaishankar Narendra Rajnath Piyush Amitabh Shashi Arindam Anurag Randhir Vikas Gaurav
Amadou Mamadou Moussa Ousmane Abdoulaye Ibrahima Cheikh Souleymane Boubacar Oumar Adama Seydou Macky
Kwame Kofi Kwabena Nana Akufo Chukwuma Olusegun Oluwaseun Babajide Bola Yemi Ngozi Chinedu Emeka Uhuru
William Cyril Thabo Jacob Naledi Lindiwe Kgalema Jakaya Samia Yoweri Paul Abiy Hailemariam Mulatu
Alex Barry Billy Bobby Danny Fred Greg Harry Jerry Jimmy Johnny Jon Larry Terry Jay Luke Roy Scott Howard
Russell Kelly Wayne
"""

GIVEN: frozenset[str] = frozenset(_NAMES.split())

_LATIN_NAME = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zà-ɏ]+(?:-[A-Za-zà-ɏ][a-zà-ɏ]+)?")
_COMMON_ZIPF = 4.2
# Long-list names that mostly start the names of places, feasts or things in English texts.
_NOT_GIVEN = frozenset(
    "Easter Christmas Columbus Arlington Alberta Pearl Coral Nova Taj Metro Sol Camp Golden Sierra".split()  # noqa: SIM905
)
_PROVIDERS = "faker.providers.person"
# Locales whose first names are not written in Latin script (their modules are not read).
_NON_LATIN = frozenset(
    [
        "ar",
        "bg",
        "bn",
        "el",
        "fa",
        "gu",
        "he",
        "hi",
        "hy",
        "ja",
        "ka",
        "ko",
        "mk",
        "mr",
        "ne",
        "or",
        "ru",
        "si",
        "ta",
        "th",
        "uk",
        "zh",
    ]
)
_KOREAN_ETC = """
Kim Lee Park Choi Jung Jeong Kang Cho Yoon Yun Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Yoo Hong
Jeon Ko Moon Yang Son Bae Baek Heo Nam Noh Ha Kwak Sung Cha Joo Woo Min Ryu Chun Yeo Chae Pyo
Tan Ng Wong Goh Chua Ong Koh Teo Chan Leung Cheung Lau Tang Lai Yeung Chow Tsang Choo Toh Yeo Lim Low
Nguyen Tran Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly
"""


def _provider_names(attrs: tuple[str, ...], *, latin_only: bool) -> set[str]:
    try:
        package = importlib.import_module(_PROVIDERS)
    except ImportError:  # pragma: no cover - Faker is a runtime dependency
        return set()
    out: set[str] = set()
    for info in pkgutil.iter_modules(package.__path__):
        if latin_only and info.name.split("_")[0] in _NON_LATIN:
            continue
        provider = importlib.import_module(f"{_PROVIDERS}.{info.name}").Provider
        for attr in attrs:
            names = getattr(provider, attr, None)
            if isinstance(names, dict):
                out.update(names)
            elif isinstance(names, (list, tuple, set, frozenset)):
                out.update(n for n in names if isinstance(n, str))
    return {n for n in out if _LATIN_NAME.fullmatch(n)}


@functools.cache
def _from_faker() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, romanised East Asian family names) read once from Faker's person providers.
    The Faker modules imported here are dropped again afterwards: only the names are kept, so the
    ~100k objects of Faker's tables do not stay alive (and slow every later garbage collection)."""
    before = set(sys.modules)
    try:
        first = _provider_names(
            ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary", "first_names_unisex"),
            latin_only=True,
        )
        first |= _provider_names(("first_romanized_names",), latin_only=False)
        family = _provider_names(("last_romanized_names",), latin_only=False)
    finally:
        for name in set(sys.modules) - before:
            if name == "faker" or name.startswith("faker."):
                del sys.modules[name]
        gc.collect()
    return frozenset(first), frozenset(family)


@functools.cache
def more_given_names() -> frozenset[str]:
    """Faker's Latin-script first names that are not ordinary English words (read once)."""
    return frozenset(n for n in _long_list_candidates() if is_long_list_given(n))


@functools.cache
def _long_list_candidates() -> frozenset[str]:
    """Faker's Latin-script first names of three letters or more, before the word-frequency test."""
    return frozenset(n for n in _from_faker()[0] - GIVEN - _NOT_GIVEN if len(n) >= 3)


_NOT_A_WORD: dict[str, bool] = {}  # a candidate name -> its Zipf frequency is below _COMMON_ZIPF


def is_long_list_given(word: str) -> bool:
    """`word in more_given_names()`, asking `wordfreq` only about the candidates a text holds (each
    once): the frequencies of all ~20k names are not needed to annotate one document."""
    if word not in _long_list_candidates():
        return False
    found = _NOT_A_WORD.get(word)
    if found is None:
        from wordfreq import zipf_frequency

        found = _NOT_A_WORD[word] = zipf_frequency(word.lower(), "en") < _COMMON_ZIPF
    return found


@functools.cache
def east_asian_surnames() -> frozenset[str]:
    """Romanised East Asian family names (written first in 'Park Jin-woo', 'TANABE Kenji')."""
    return _from_faker()[1] | frozenset(_KOREAN_ETC.split())
