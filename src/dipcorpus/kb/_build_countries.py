"""Regenerate `data/countries.yaml` from pycountry plus the hand-written overlay below, and the
Chinese names (`zh`, `zh_capitals`) from CLDR and ISO's translations (see `_zh_countries`).

Run `python -m dipcorpus.kb._build_countries` after changing the overlay. The generated file is
checked in, so nothing reads pycountry or babel at annotation time. Only names, codes and the usual
English short forms, adjectives and capitals are written here: public facts, no copied text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pycountry
import yaml

from dipcorpus.kb._zh_countries import zh_capitals, zh_names

OUT = Path(__file__).parent / "data" / "countries.yaml"

# id -> display name, where ISO's name is not the form analysts expect.
NAMES = {
    "BOL": "Bolivia",
    "BRN": "Brunei",
    "COD": "DR Congo",
    "CZE": "Czechia",
    "FSM": "Micronesia",
    "GBR": "United Kingdom",
    "IRN": "Iran",
    "KOR": "South Korea",
    "LAO": "Laos",
    "MDA": "Moldova",
    "PRK": "North Korea",
    "PSE": "Palestine",
    "RUS": "Russia",
    "SYR": "Syria",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "USA": "United States",
    "VAT": "Holy See",
    "VEN": "Venezuela",
    "VNM": "Vietnam",
    "TUR": "Turkey",
    "VGB": "British Virgin Islands",
    "VIR": "U.S. Virgin Islands",
    "MAF": "Saint Martin",
    "SXM": "Sint Maarten",
    "FLK": "Falkland Islands",
    "CCK": "Cocos Islands",
}

# Extra names and short forms (case-sensitive proper names and acronyms).
ALIASES: dict[str, list[str]] = {
    "USA": ["United States of America", "US", "U.S.", "USA", "U.S.A.", "America", "the States"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "CHN": ["PRC", "People's Republic of China", "Chinese mainland", "mainland China"],
    "RUS": ["Russian Federation"],
    "KOR": ["ROK", "Republic of Korea", "Korea"],
    "PRK": ["DPRK", "Democratic People's Republic of Korea", "D.P.R.K."],
    "TWN": ["Taiwan region", "Chinese Taipei", "Taiwan, China"],
    "COD": [
        "DRC",
        "D.R.C.",
        "Democratic Republic of the Congo",
        "Democratic Republic of Congo",
        "DR Congo",
        "Congo-Kinshasa",
    ],
    "COG": ["Republic of Congo", "Congo-Brazzaville"],
    "CZE": ["Czech Republic"],
    "TUR": ["Türkiye", "Turkiye"],
    "VNM": ["Viet Nam"],
    "MMR": ["Burma"],
    "CIV": ["Ivory Coast", "Cote d'Ivoire"],
    "CPV": ["Cape Verde"],
    "SWZ": ["Swaziland"],
    "MKD": ["Macedonia"],
    "TLS": ["East Timor"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "SAU": ["KSA"],
    "NLD": ["Holland"],
    "VAT": ["Vatican", "Vatican City"],
    "PSE": ["State of Palestine"],
    "BHS": ["The Bahamas"],
    "GMB": ["The Gambia"],
    "KNA": ["St. Kitts and Nevis", "St Kitts and Nevis"],
    "LCA": ["St. Lucia"],
    "VCT": ["St. Vincent and the Grenadines", "Saint Vincent"],
    "STP": ["São Tomé and Príncipe", "Sao Tome"],
    "HKG": ["Hong Kong SAR", "HKSAR"],
    "MAC": ["Macau", "Macao SAR"],
    "BIH": ["Bosnia"],
    "TTO": ["Trinidad"],
    "ATG": ["Antigua"],
    "FLK": ["Malvinas", "Falkland Islands (Malvinas)"],
    "LAO": ["Lao PDR"],
}

# Adjectives and demonyms: count as mentions of the country.
ADJECTIVES: dict[str, list[str]] = {
    "AFG": ["Afghan", "Afghans", "Afghani"],
    "ALB": ["Albanian"],
    "DZA": ["Algerian"],
    "AGO": ["Angolan"],
    "ARG": ["Argentine", "Argentinian", "Argentinean"],
    "ARM": ["Armenian"],
    "AUS": ["Australian", "Aussie"],
    "AUT": ["Austrian"],
    "AZE": ["Azerbaijani", "Azeri"],
    "BHR": ["Bahraini"],
    "BGD": ["Bangladeshi"],
    "BLR": ["Belarusian", "Belarussian"],
    "BEL": ["Belgian"],
    "BEN": ["Beninese"],
    "BTN": ["Bhutanese"],
    "BOL": ["Bolivian"],
    "BWA": ["Botswanan"],
    "BRA": ["Brazilian"],
    "BGR": ["Bulgarian"],
    "BFA": ["Burkinabe", "Burkinabè"],
    "BDI": ["Burundian"],
    "KHM": ["Cambodian"],
    "CMR": ["Cameroonian"],
    "CAN": ["Canadian"],
    "TCD": ["Chadian"],
    "CHL": ["Chilean"],
    "CHN": ["Chinese", "Sino-"],
    "COL": ["Colombian"],
    "CRI": ["Costa Rican"],
    "HRV": ["Croatian"],
    "CUB": ["Cuban"],
    "CYP": ["Cypriot"],
    "CZE": ["Czech"],
    "DNK": ["Danish", "Dane", "Danes"],
    "DJI": ["Djiboutian"],
    "DOM": ["Dominican"],
    "ECU": ["Ecuadorian"],
    "EGY": ["Egyptian"],
    "SLV": ["Salvadoran"],
    "ERI": ["Eritrean"],
    "EST": ["Estonian"],
    "ETH": ["Ethiopian"],
    "FJI": ["Fijian"],
    "FIN": ["Finnish", "Finn"],
    "FRA": ["French", "Franco-"],
    "GAB": ["Gabonese"],
    "GMB": ["Gambian"],
    "GEO": ["Georgian"],
    "DEU": ["German", "Germans"],
    "GHA": ["Ghanaian"],
    "GRC": ["Greek"],
    "GTM": ["Guatemalan"],
    "GIN": ["Guinean"],
    "GUY": ["Guyanese"],
    "HTI": ["Haitian"],
    "HND": ["Honduran"],
    "HUN": ["Hungarian"],
    "ISL": ["Icelandic"],
    "IND": ["Indian", "Indians", "Indo-"],
    "IDN": ["Indonesian"],
    "IRN": ["Iranian"],
    "IRQ": ["Iraqi"],
    "IRL": ["Irish"],
    "ISR": ["Israeli", "Israelis"],
    "ITA": ["Italian"],
    "JAM": ["Jamaican"],
    "JPN": ["Japanese"],
    "JOR": ["Jordanian"],
    "KAZ": ["Kazakh", "Kazakhstani"],
    "KEN": ["Kenyan"],
    "KWT": ["Kuwaiti"],
    "KGZ": ["Kyrgyz"],
    "LAO": ["Lao", "Laotian"],
    "LVA": ["Latvian"],
    "LBN": ["Lebanese"],
    "LBR": ["Liberian"],
    "LBY": ["Libyan"],
    "LTU": ["Lithuanian"],
    "MDG": ["Malagasy"],
    "MWI": ["Malawian"],
    "MYS": ["Malaysian"],
    "MDV": ["Maldivian"],
    "MLI": ["Malian"],
    "MLT": ["Maltese"],
    "MRT": ["Mauritanian"],
    "MUS": ["Mauritian"],
    "MEX": ["Mexican"],
    "MDA": ["Moldovan"],
    "MNG": ["Mongolian"],
    "MNE": ["Montenegrin"],
    "MAR": ["Moroccan"],
    "MOZ": ["Mozambican"],
    "MMR": ["Burmese"],
    "NAM": ["Namibian"],
    "NPL": ["Nepalese", "Nepali"],
    "NLD": ["Dutch"],
    "NZL": ["New Zealander", "Kiwi"],
    "NIC": ["Nicaraguan"],
    "NER": ["Nigerien"],
    "NGA": ["Nigerian"],
    "PRK": ["North Korean"],
    "NOR": ["Norwegian"],
    "OMN": ["Omani"],
    "PAK": ["Pakistani"],
    "PSE": ["Palestinian", "Palestinians"],
    "PAN": ["Panamanian"],
    "PNG": ["Papua New Guinean"],
    "PRY": ["Paraguayan"],
    "PER": ["Peruvian"],
    "PHL": ["Philippine", "Filipino", "Filipinos"],
    "POL": ["Polish"],
    "PRT": ["Portuguese"],
    "QAT": ["Qatari"],
    "ROU": ["Romanian"],
    "RUS": ["Russian", "Russians", "Russo-"],
    "RWA": ["Rwandan"],
    "SAU": ["Saudi"],
    "SEN": ["Senegalese"],
    "SRB": ["Serbian", "Serb"],
    "SLE": ["Sierra Leonean"],
    "SGP": ["Singaporean"],
    "SVK": ["Slovak", "Slovakian"],
    "SVN": ["Slovenian", "Slovene"],
    "SOM": ["Somali"],
    "ZAF": ["South African"],
    "KOR": ["South Korean"],
    "SSD": ["South Sudanese"],
    "ESP": ["Spanish", "Spaniard"],
    "LKA": ["Sri Lankan"],
    "SDN": ["Sudanese"],
    "SWE": ["Swedish", "Swede"],
    "CHE": ["Swiss"],
    "SYR": ["Syrian"],
    "TWN": ["Taiwanese"],
    "TJK": ["Tajik", "Tajikistani"],
    "TZA": ["Tanzanian"],
    "THA": ["Thai"],
    "TGO": ["Togolese"],
    "TUN": ["Tunisian"],
    "TUR": ["Turkish"],
    "TKM": ["Turkmen"],
    "UGA": ["Ugandan"],
    "UKR": ["Ukrainian", "Ukrainians"],
    "ARE": ["Emirati"],
    "GBR": ["British", "Briton", "Britons"],
    "USA": ["American", "Americans"],
    "URY": ["Uruguayan"],
    "UZB": ["Uzbek"],
    "VEN": ["Venezuelan"],
    "VNM": ["Vietnamese"],
    "YEM": ["Yemeni"],
    "ZMB": ["Zambian"],
    "ZWE": ["Zimbabwean"],
    "BRN": ["Bruneian"],
    "TLS": ["Timorese"],
    "SLB": ["Solomon Islander"],
    "VUT": ["Vanuatuan"],
    "WSM": ["Samoan"],
    "TON": ["Tongan"],
    "KIR": ["I-Kiribati"],
    "CUW": [],
    "HKG": [],
    "MAC": ["Macanese"],
    "SUR": ["Surinamese"],
    "BRB": ["Barbadian"],
    "TTO": ["Trinidadian"],
    "BLZ": ["Belizean"],
    "CAF": ["Central African"],
    "COM": ["Comorian"],
    "LSO": ["Basotho"],
    "GNQ": ["Equatoguinean"],
    "BIH": ["Bosnian"],
    "MKD": ["North Macedonian"],
    "LUX": ["Luxembourgish"],
    "XKX": ["Kosovar"],
}

# Capitals used as metonyms for governments; matched only where they read as such.
CAPITALS = {
    "USA": ["Washington"],
    "MEX": ["Mexico City"],  # so "the Mexico City Policy" is the city (a capital before a name), not Mexico
    "CHN": ["Beijing"],
    "RUS": ["Moscow", "Kremlin"],
    "GBR": ["London"],
    "JPN": ["Tokyo"],
    "KOR": ["Seoul"],
    "PRK": ["Pyongyang"],
    "FRA": ["Paris"],
    "DEU": ["Berlin"],
    "IND": ["New Delhi"],
    "PAK": ["Islamabad"],
    "IRN": ["Tehran"],
    "TUR": ["Ankara"],
    "UKR": ["Kyiv", "Kiev"],
    "KAZ": ["Astana", "Nur-Sultan"],
    "KGZ": ["Bishkek"],
    "TJK": ["Dushanbe"],
    "UZB": ["Tashkent"],
    "TKM": ["Ashgabat"],
    "MNG": ["Ulaanbaatar", "Ulan Bator"],
    "AFG": ["Kabul"],
    "TWN": ["Taipei"],
    "AUS": ["Canberra"],
    "CAN": ["Ottawa"],
    "ISR": ["Tel Aviv"],
    "SAU": ["Riyadh"],
    "PHL": ["Manila"],
    "VNM": ["Hanoi"],
    "IDN": ["Jakarta"],
    "THA": ["Bangkok"],
    "MMR": ["Naypyidaw", "Nay Pyi Taw"],
    "BLR": ["Minsk"],
    "SYR": ["Damascus"],
    "EGY": ["Cairo"],
    "BRA": ["Brasilia", "Brasília"],
}

# Names that are also ordinary words, person names or US states: kept only with country context.
AMBIGUOUS = {
    "GEO": ["Georgia"],
    "JOR": ["Jordan"],
    "TCD": ["Chad"],
    "GIN": ["Guinea"],
    "NER": ["Niger"],
    "TUR": ["Turkey"],
    "JEY": ["Jersey"],
    "MKD": ["Macedonia"],
    "DMA": ["Dominica"],
    "COG": ["Congo"],
    "ATA": ["Antarctica"],
    "IMN": ["Isle of Man"],
}

# Taken out of ISO's names: a phrase we do not emit (political) or that is not a name.
DROP = {"Taiwan, Province of China"}

# Names whose article stays: without it they are common words ("Member States" is not the US).
KEEP_ARTICLE = {"the States"}


def _uncomma(name: str) -> str:
    """'Korea, Republic of' -> 'Republic of Korea'; 'Virgin Islands, British' -> 'British Virgin Islands'."""
    name = re.sub(r"\s*\(.*?\)", "", name).strip()
    if ", " not in name:
        return name
    head, tail = name.split(", ", 1)
    return f"{tail} {head}"


def _record(alpha3: str, iso_names: list[str], alpha2: str | None = None) -> dict[str, Any]:
    name = NAMES.get(alpha3) or _uncomma(iso_names[0])
    ambiguous = AMBIGUOUS.get(alpha3, [])
    aliases: list[str] = []
    forms = [f for raw in iso_names if raw not in DROP for f in (raw, _uncomma(raw))]
    for raw in [*forms, *ALIASES.get(alpha3, [])]:
        for form in (raw, raw if raw in KEEP_ARTICLE else re.sub(r"^the ", "", raw)):
            if form and form != name and form not in aliases and form not in ambiguous:
                aliases.append(form)
    record: dict[str, Any] = {"id": alpha3, "type": "country", "name": name}
    if aliases:
        record["aliases"] = sorted(aliases)
    if ambiguous:
        record["ambiguous"] = ambiguous
    if ADJECTIVES.get(alpha3):
        record["adjectives"] = ADJECTIVES[alpha3]
    if alpha3 in CAPITALS:
        record["capitals"] = CAPITALS[alpha3]
    zh = zh_names(alpha3, alpha2, iso_names)
    if zh:
        record["zh"] = zh
    if zh_capitals(alpha3):
        record["zh_capitals"] = zh_capitals(alpha3)
    return record


def build() -> list[dict[str, Any]]:
    records = []
    for country in pycountry.countries:
        names = [country.name]
        for attr in ("common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and value not in names:
                names.append(value)
        records.append(_record(country.alpha_3, names, country.alpha_2))
    records.append(_record("XKX", ["Kosovo"], "XK"))
    return sorted(records, key=lambda r: r["id"])


def main() -> None:
    header = (
        "# Generated by `python -m dipcorpus.kb._build_countries` from pycountry (ISO 3166-1) plus a\n"
        "# hand-written overlay (short forms, adjectives, capitals, ambiguous names); Chinese names (zh) from\n"
        "# CLDR (babel) and ISO's translations, in simplified script (OpenCC). Edit the overlays, not this\n"
        "# file. Ids are ISO 3166-1 alpha-3; Kosovo uses the user-assigned XKX.\n"
    )
    body = yaml.safe_dump({"entities": build()}, allow_unicode=True, sort_keys=False, width=110)
    OUT.write_text(header + body, encoding="utf-8")


if __name__ == "__main__":
    main()
