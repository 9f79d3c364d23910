"""The gold's hard-case decisions on targets and sources (bench/data/README.md, rules 10-14),
each tested from the guideline's own wording with sentences written for these tests."""

from __future__ import annotations

from tests.pipeline.coding.coded import coded


class TestStatementTargets:
    """Rule 10: a statement's target is the first state or IGO its stated content names."""

    def test_the_speakers_own_country_counts(self) -> None:
        """'The Dutch farm minister said that the disease had spread across the Netherlands':
        the speaker's own country, named in what it states, is the target."""
        events = coded(
            "The Dutch farm minister said that the disease had spread across the Netherlands.",
            {"Dutch": "NL", "Netherlands": "NL"},
        )
        assert events == [("said", "NLDGOV", "NLD")]

    def test_a_state_named_only_in_the_speakers_description_is_no_target(self) -> None:
        """'Anna Berg, the Swedish health minister, said that the outbreak was contained': the
        state is named in who speaks, not in what is said."""
        events = coded(
            "Anna Berg, the Swedish health minister, said that the outbreak was contained.",
            {"Swedish": "SE"},
            people={"Anna Berg": "SWEGOV"},
        )
        assert events == [("said", "SWEGOV", None)]

    def test_the_first_state_named_by_its_adjective(self) -> None:
        """'The Irish agency said that Brazilian beef and Argentine wool were unsafe': the first
        state the content names, by its adjective."""
        events = coded(
            "The Irish food agency said that Brazilian beef and Argentine wool were unsafe.",
            {"Irish": "IE", "Brazilian": "BR", "Argentine": "AR"},
        )
        assert [(source, target) for _, source, target in events] == [("IRL", "BRA")]

    def test_an_igo_in_the_content_is_a_target(self) -> None:
        """'Norway said that the WHO had been told of the cases': an IGO counts as a state
        does."""
        events = coded("Norway said that the WHO had been told of the cases.", {"Norway": "NO"})
        assert events == [("said", "NOR", "IGOUNOHLHWHO")]

    def test_a_city_alone_makes_no_target(self) -> None:
        """'The Austrian government said that Graz had closed its schools': a city or region
        alone names no state."""
        events = coded(
            "The Austrian government said that Graz had closed its schools.",
            {"Austrian": "AT"},
            cities={"Graz": "AT"},
        )
        assert events == [("said", "AUTGOV", None)]

    def test_a_quotation_before_the_speaker_is_the_content(self) -> None:
        """'"There are no new cases in Portugal," Costa said': the quotation is what the
        speaker states, so the state it names is the target, the speaker's own included."""
        events = coded(
            '"There are no new cases in Portugal," Costa said.',
            {"Portugal": "PT"},
            people={"Costa": "PRTGOV"},
        )
        assert events == [("said", "PRTGOV", "PRT")]

    def test_a_clause_set_against_the_statement_is_not_its_content(self) -> None:
        """'Peru reported two cases, while Chile reported three': Chile is the speaker of a
        statement of its own, not what Peru states."""
        events = coded(
            "Peru reported two new cases, while Chile reported three.",
            {"Peru": "PE", "Chile": "CL"},
        )
        assert events == [("reported", "PER", None), ("reported", "CHL", None)]

    def test_a_state_speaking_of_itself(self) -> None:
        """'Japan said that Japanese beef was safe': a state's statement about itself keeps
        both sides (rule 8: domestic events keep both sides)."""
        events = coded("Japan said that Japanese beef was safe.", {"Japan": "JP", "Japanese": "JP"})
        assert events == [("said", "JPN", "JPN")]

    def test_the_country_names_no_state(self) -> None:
        """'Cases rose in Chile; the WHO said that the country was coping': 'the country', 'its'
        or 'our country' name no state, even where they refer to one."""
        events = coded(
            "Cases rose in Chile; the WHO said that the country was coping well.", {"Chile": "CL"}
        )
        assert events == [("said", "IGOUNOHLHWHO", None)]


class TestCoordinatedSources:
    """Rule 13: one event for each state or IGO in a coordinated source."""

    def test_an_igo_and_a_government(self) -> None:
        """'The WHO and the government of Angola revealed': one statement by each."""
        events = coded(
            "The WHO and the government of Angola have revealed that the water was poisoned.",
            {"Angola": "AO"},
        )
        assert [source for _, source, _ in events] == ["IGOUNOHLHWHO", "AGO"]

    def test_countries_including(self) -> None:
        """'countries including Australia, France and Japan provide assistance': one event for
        each."""
        events = coded(
            "Ten countries including Chile, Peru and Japan provide assistance to Tonga.",
            {"Chile": "CL", "Peru": "PE", "Japan": "JP", "Tonga": "TO"},
        )
        assert [(source, target) for _, source, target in events] == [
            ("CHL", "TON"),
            ("PER", "TON"),
            ("JPN", "TON"),
        ]

    def test_two_officials_of_one_state_are_one_state(self) -> None:
        """'The Kenyan health minister and police chief Ali Omar have said': one state, one
        event."""
        events = coded(
            "The Kenyan health minister and Ali Omar have said that the area is safe.",
            {"Kenyan": "KE"},
            people={"Ali Omar": "KENCOP"},
        )
        assert [source for _, source, _ in events] == ["KENGOV"]


class TestCoordinatedTargets:
    """Rule 13: one event for each state or IGO in a coordinated target."""

    def test_aid_to_two_states(self) -> None:
        """'Japan sent aid to Chad and Niger': one act towards each."""
        events = coded(
            "Japan sent emergency aid to Chad and Niger on Monday.",
            {"Japan": "JP", "Chad": "TD", "Niger": "NE"},
        )
        assert [(source, target) for _, source, target in events] == [
            ("JPN", "TCD"),
            ("JPN", "NER"),
        ]

    def test_a_listed_subject_of_its_own_verb_is_no_target(self) -> None:
        """'Israel has a blockade on Gaza, and Egypt restricts movement': Egypt is the
        subject of a verb of its own, not a second target."""
        events = coded(
            "Kenya criticised Uganda and Tanzania closed its border.",
            {"Kenya": "KE", "Uganda": "UG", "Tanzania": "TZ"},
        )
        assert ("criticised", "KEN", "TZA") not in events

    def test_a_statement_keeps_one_target(self) -> None:
        """'The WHO said that polio had gone from Egypt and Niger': a statement is about the
        first state its content names (rule 10), not each."""
        events = coded(
            "The WHO said that polio had gone from Egypt and Niger.",
            {"Egypt": "EG", "Niger": "NE"},
        )
        assert events == [("said", "IGOUNOHLHWHO", "EGY")]


class TestAccordingTo:
    """Rule 12: 'according to X' is X's statement, with rule 10's target."""

    def test_according_to_before_its_content(self) -> None:
        """'According to the WHO, bird flu has killed ten people in Egypt': the WHO's
        statement about Egypt, named after the speaker."""
        events = coded(
            "According to the WHO, bird flu has killed ten people in Egypt.", {"Egypt": "EG"}
        )
        assert events == [("According to", "IGOUNOHLHWHO", "EGY")]

    def test_according_to_after_its_content(self) -> None:
        """'Ten people have died in Egypt, according to the WHO': the same statement."""
        events = coded("Ten people have died in Egypt, according to the WHO.", {"Egypt": "EG"})
        assert events == [("according to", "IGOUNOHLHWHO", "EGY")]

    def test_the_speakers_description_is_not_the_content(self) -> None:
        """'According to Ana Ruiz, the Chilean health minister, the outbreak is over': Chile
        is named in who speaks, not in what is said."""
        events = coded(
            "According to Ana Ruiz, the Chilean health minister, the outbreak is over.",
            {"Chilean": "CL"},
            people={"Ana Ruiz": "CHLGOV"},
        )
        assert events == [("According to", "CHLGOV", None)]


class TestOfficialsAtEveryLevel:
    """Rule 11: officials at every level are their state's actor; an office named without
    its country is the article's country's."""

    def test_a_regional_vet_is_the_articles_state(self) -> None:
        """'The regional vet said': a veterinary service with no country named is of the
        country the article places it in."""
        events = coded(
            "Floods hit Kenya. The regional vet said the outbreak began with ducks from Uganda.",
            {"Kenya": "KE", "Uganda": "UG"},
        )
        assert events == [("said", "KENGOV", "UGA")]

    def test_a_veterinary_officer_is_the_articles_state(self) -> None:
        """'The district veterinary officer said': 'veterinary' makes the noun a state
        service's."""
        events = coded(
            "Floods hit Kenya. The district veterinary officer said the ducks came from Uganda.",
            {"Kenya": "KE", "Uganda": "UG"},
        )
        assert events == [("said", "KENGOV", "UGA")]

    def test_local_police_are_the_state(self) -> None:
        """'Local police said': local officials are their state's actor too."""
        events = coded(
            "Floods hit Kenya. Local police said the ducks came from Uganda.",
            {"Kenya": "KE", "Uganda": "UG"},
        )
        assert events == [("said", "KENCOP", "UGA")]


class TestAdjectiveAndAgentGroups:
    """Rule 14: a state's adjective and a Phoenix agent noun name that state's actor."""

    def test_german_scientists(self) -> None:
        """'German scientists said': Germany's civilian agent (Phoenix: SCIENTIST, ~CVL)."""
        events = coded("German scientists said that the outbreak was over.", {"German": "DE"})
        assert events == [("said", "DEUCVL", None)]

    def test_nigerian_clerics(self) -> None:
        """'Nigerian clerics criticised the vaccine campaign': Nigeria's religious agent."""
        events = coded(
            "Nigerian clerics said that the vaccine campaign was a plot.", {"Nigerian": "NG"}
        )
        assert events == [("said", "NGAREL", None)]

    def test_a_single_person_is_no_state(self) -> None:
        """'A Canadian who returned from Mexico infected a farm': one private person, no
        state's actor (rule 2)."""
        events = coded(
            "A Canadian who returned from Mexico said that the farm was infected.",
            {"Canadian": "CA", "Mexico": "MX"},
        )
        assert all(source != "CAN" for _, source, _ in events)
