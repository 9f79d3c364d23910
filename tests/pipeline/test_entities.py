"""find_entities: dictionary actors with date-ranged codes, people and groups from context,
surname-only mentions."""

from __future__ import annotations

from datetime import date

from eventwire.pipeline.enrich.entities import find_entities

DAY = date(2017, 1, 17)


class TestEntities:
    """Entities in short texts."""

    def test_dictionary_person_with_code_at_date(self) -> None:
        """Lavrov is coded as the Russian government on a 2017 date, with country RU."""
        [lavrov] = find_entities("Russian Foreign Minister Sergey Lavrov spoke.", DAY)
        assert (lavrov.name, lavrov.kind, lavrov.actor_code, lavrov.country) == (
            "Sergey Lavrov",
            "person",
            "RUSGOV",
            "RU",
        )

    def test_code_depends_on_date(self) -> None:
        """Before his first dated role the entry has no code in force."""
        [lavrov] = find_entities("Sergey Lavrov spoke.", date(1990, 1, 1))
        assert lavrov.actor_code is None

    def test_surname_mentions(self) -> None:
        """A later 'Lavrov' is another mention of the same entity."""
        [lavrov] = find_entities("Sergey Lavrov spoke. Later Lavrov left.", DAY)
        assert len(lavrov.mentions) == 2

    def test_titled_person_not_in_dictionary(self) -> None:
        """'Syria's Ambassador to the UN X Y' is a person from Syria."""
        found = find_entities("Syria's Ambassador to the UN Bashar al-Ja'afari arrived.", DAY)
        person = next(e for e in found if e.kind == "person")
        assert person.name == "Bashar al-Ja'afari"
        assert person.country == "SY"

    def test_group_from_context(self) -> None:
        """'the X militant group' names a group even when no dictionary knows it."""
        found = find_entities("Fighters of the so-called Jaish al-Islam militant group left.", DAY)
        assert [(e.name, e.kind) for e in found] == [("Jaish al-Islam", "group")]

    def test_media_from_context(self) -> None:
        """ "Syria's Al-Watan daily" is an organisation from Syria."""
        found = find_entities("said a report in Syria's Al-Watan daily.", DAY)
        assert [(e.name, e.kind, e.country) for e in found] == [("Al-Watan", "organisation", "SY")]

    def test_word_inside_longer_name(self) -> None:
        """'Fateh' (a dictionary synonym) inside 'Jabhat Fateh al-Sham' is not an entity."""
        found = find_entities("the Daesh and Jabhat Fateh al-Sham terrorist groups", DAY)
        assert {e.name for e in found} == {"Islamic State", "Jabhat Fateh al-Sham"}

    def test_acronym_merges(self) -> None:
        """'UN' and 'United Nations' are one entity named by the long form."""
        found = find_entities("The United Nations met. The UN said no.", DAY)
        assert [(e.name, len(e.mentions)) for e in found] == [("United Nations", 2)]

    def test_dotted_acronym_merges(self) -> None:
        """'U.N.' (with its last dot) is a mention of the United Nations, not an entity apart."""
        text = "The United Nations said aid was blocked. A U.N. spokesman said talks resume."
        [un] = find_entities(text, DAY)
        assert (un.name, un.actor_code) == ("United Nations", "IGOUNO")
        assert [text[m.start : m.end] for m in un.mentions] == ["The United Nations", "U.N."]

    def test_dotted_acronym_alone_has_its_code(self) -> None:
        """'U.N.' alone is an organisation with the UN's code."""
        [un] = find_entities("The U.N. said so.", DAY)
        assert (un.text, un.kind, un.actor_code) == ("U.N.", "organisation", "IGOUNO")

    def test_agency_acronyms_are_organisations(self) -> None:
        """'FBI', 'CIA' and 'NASA' are organisations, never people; 'JFK' is a person."""
        found = find_entities("The FBI, the CIA and NASA briefed officials. JFK spoke.", DAY)
        assert [(e.text, e.kind) for e in found] == [
            ("FBI", "organisation"),
            ("CIA", "organisation"),
            ("NASA", "organisation"),
            ("JFK", "person"),
        ]

    def test_no_date(self) -> None:
        """Without a date, an undated or the latest code is used."""
        [un] = find_entities("The United Nations met.", None)
        assert un.actor_code == "IGOUNO"

    def test_code_follows_the_day_after_a_cached_lookup(self) -> None:
        """The entry chosen for a name is remembered per day: Lavrov is coded as the Russian
        government on a day he was Foreign Minister, and again after another day's lookup."""
        text = "Sergei Lavrov spoke."
        first = find_entities(text, date(2009, 5, 6))
        before_office = find_entities(text, date(1990, 1, 1))
        again = find_entities(text, date(2009, 5, 6))
        assert first == again
        assert first[0].actor_code == "RUSGOV"
        assert before_office[0].actor_code != first[0].actor_code
