"""CAMEO codes to PLOVER categories.

PLOVER drops CAMEO's statement categories; eventwire keeps them (flagged as statements) and maps
them to the PLOVER category of the intent they express, so that consumers following PLOVER's
stricter view can drop them by the flag.
"""

from __future__ import annotations

from eventwire.schemas.enrichment import PloverCategory

Plover = PloverCategory

_BY_ROOT: dict[str, Plover] = {
    "01": "CONSULT",  # public statement: comment on a matter, addressed to others
    "02": "REQUEST",  # appeal
    "03": "COOPERATE",  # express intent to cooperate
    "04": "CONSULT",
    "05": "COOPERATE",  # diplomatic cooperation
    "06": "COOPERATE",  # material cooperation
    "07": "AID",
    "08": "CONCEDE",  # yield
    "09": "ACCUSE",  # investigate: PLOVER's INVESTIGATE is outside the sixteen categories
    "10": "REQUEST",  # demand
    "11": "ACCUSE",  # disapprove
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",  # exhibit force posture
    "16": "SANCTION",  # reduce relations
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "ASSAULT",  # fight
    "20": "ASSAULT",  # unconventional mass violence
}

_BY_PREFIX: dict[str, Plover] = {
    "036": "CONSULT",  # intent to meet or negotiate
    "033": "AID",  # intent to provide material aid
    "0331": "AID",
    "051": "SUPPORT",  # praise or endorse
    "052": "SUPPORT",  # defend verbally
    "054": "AGREE",  # grant diplomatic recognition
    "055": "CONCEDE",  # apologise
    "056": "CONCEDE",  # forgive
    "057": "AGREE",  # sign formal agreement
    "081": "CONCEDE",
    "0871": "RETREAT",  # declare ceasefire
    "0872": "RETREAT",
    "0873": "RETREAT",
    "0874": "RETREAT",
    "087": "RETREAT",  # de-escalate militarily
    "023": "REQUEST",  # appeal for aid
    "112": "ACCUSE",
    "125": "REJECT",
    "138": "THREATEN",
}


def plover_for(code: str) -> Plover:
    """The PLOVER category of a CAMEO code (three or four digits)."""
    for size in (4, 3):
        if code[:size] in _BY_PREFIX:
            return _BY_PREFIX[code[:size]]
    return _BY_ROOT[code[:2]]


def is_statement(code: str) -> bool:
    """CAMEO roots 01-03: statements and intentions rather than actions."""
    return code[:2] in {"01", "02", "03"}
