"""Reading a term's names and dates from a name such as "Otoño 2026": for the terms typed as
free text before terms had dates, and for the demo's terms."""

import datetime
import re

# What a free-text term name said, in each language, and when such a term runs: spring from
# February to July, summer in July and August, autumn from September to January.
SEASONS = {
    "spring": (
        ("primavera", "spring", "春"),
        "Primavera",
        "Spring",
        "春季学期",
        (2, 1),
        (7, 15),
        0,
    ),
    "summer": (("verano", "summer", "夏"), "Verano", "Summer", "夏季学期", (7, 16), (8, 31), 0),
    "autumn": (
        ("otoño", "autumn", "fall", "秋"),
        "Otoño",
        "Autumn",
        "秋季学期",
        (9, 1),
        (1, 31),
        1,
    ),
    "winter": (("invierno", "winter", "冬"), "Invierno", "Winter", "冬季学期", (12, 1), (2, 28), 1),
}


def read_term_name(name: str, today: datetime.date) -> dict[str, object]:
    """A term's names and dates read from a name typed before terms had dates ("Otoño 2026",
    "Spring 2027", "2027年春季"): a season and year name the other languages and the dates; a
    name without them keeps its text in every language and spans its year (or this one)."""
    lowered = name.strip().lower()
    year_match = re.search(r"(19|20)\d\d", lowered)
    year = int(year_match.group()) if year_match else today.year
    for words, es, en, zh, start, end, next_year in SEASONS.values():
        if year_match and any(word in lowered for word in words):
            return {
                "name_es": f"{es} {year}",
                "name_en": f"{en} {year}",
                "name_zh_hans": f"{year}年{zh}",
                "starts_on": datetime.date(year, *start),
                "ends_on": datetime.date(year + next_year, *end),
            }
    return {
        "name_es": name.strip(),
        "name_en": name.strip(),
        "name_zh_hans": name.strip(),
        "starts_on": datetime.date(year, 1, 1),
        "ends_on": datetime.date(year, 12, 31),
    }
