"""Source and target of an action without a parser: clauses, prepositions, inversion, pronouns."""

from __future__ import annotations

from eventwire.pipeline.coding.coder import code_article
from eventwire.pipeline.intake import normalise_article
from eventwire.schemas import ArticleIn, Enrichment, Entity, Place, Span
from tests.pipeline.coding.coded import coded, coded_in, person, place


def _code(
    text: str, countries: dict[str, str], people: dict[str, str] | None = None
) -> list[tuple[str | None, str | None, str | None]]:
    """(verb, source code, target code) of each event, given the countries (surface -> ISO
    alpha-2) and people (name -> actor code) the enrichers would have found."""
    return coded(text, countries, people=people)


class TestRoles:
    """Who did it, and to whom."""

    def test_reported_clause_has_its_own_subject(self) -> None:
        """'Russia said that more people could be killed': Russia said; nobody killed."""
        assert _code(
            "Russia said that more people could be killed in the war.", {"Russia": "RU"}
        ) == [("said", "RUS", None)]

    def test_inverted_speaker_follows_the_quotation(self) -> None:
        """'"...," said the Canadian food agency' has the agency as its source."""
        events = _code(
            '"The animal is ten years old," said the Canadian food agency.', {"Canadian": "CA"}
        )
        assert [(verb, source) for verb, source, _ in events] == [("said", "CAN")]

    def test_country_after_a_preposition_is_a_place(self) -> None:
        """'A cholera epidemic in Angola has killed 1,200 people' codes no attack by Angola."""
        assert (
            _code("A cholera epidemic in Angola has killed 1,200 people.", {"Angola": "AO"}) == []
        )

    def test_country_qualifying_officials_is_the_source(self) -> None:
        """'Officials in Mexico are asking citizens to stay home': Mexico asks; the infinitive
        is the request's content, not a second event."""
        events = _code("Officials in Mexico are asking citizens to stay home.", {"Mexico": "MX"})
        assert [(verb, source) for verb, source, _ in events] == [("asking", "MEX")]

    def test_he_is_the_last_person_named(self) -> None:
        """'He said he would visit Libya' after Sarkozy: his intent to meet Libya (SAY's
        pattern '* VISIT' codes 036)."""
        text = "Nicolas Sarkozy arrived in Paris on Monday. He said he would visit Libya soon."
        events = _code(text, {"Libya": "LY"}, {"Nicolas Sarkozy": "FRAGOV"})
        assert ("said", "FRAGOV", "LBY") in events

    def test_unnamed_officials_belong_to_the_article_country(self) -> None:
        """'Health officials have said ...' in an article about Kenya: a Kenyan statement,
        about Kenya, which what they said names (the gold's guideline, rule 10)."""
        events = _code(
            "Health officials have said that nine people died in Kenya's capital.", {"Kenya": "KE"}
        )
        assert events == [("said", "KENGOV", "KEN")]

    def test_unnamed_ministry_named_with_of_or_for(self) -> None:
        """'the Ministry of Defence confirmed', 'Minister for Agriculture, Peter McGauran said':
        the walk back over the name steps over 'of' and 'for' to the agent noun."""
        events = _code(
            "Troops face the risk of disease in Kenya, the Ministry of Defence confirmed.",
            {"Kenya": "KE"},
        )
        # Phoenix: MINISTRY_OF_DEFENCE; about Kenya, named before the comma (rule 10)
        assert ("confirmed", "KENGOVMIL", "KEN") in events
        events = _code(
            "Federal Minister for Agriculture, Peter McGauran said the carnival in Kenya is safe.",
            {"Kenya": "KE"},
        )
        assert events == [("said", "KENGOVAGR", "KEN")]  # Phoenix: MINISTER_FOR_AGRICULTURE

    def test_international_statement_is_about_the_first_country_it_names(self) -> None:
        """'The UN reported that polio was gone from Egypt' is the UN's statement on Egypt (of
        several countries, the first named is the topic)."""
        text = "The UN reported that polio was gone from Egypt."
        article = normalise_article(ArticleIn(source="t", text=text), "art_u")
        at = article.text.index("UN")
        un = Entity(
            entity_id="ent_un",
            kind="organisation",
            name="United Nations",
            text="UN",
            span=Span(start=at, end=at + 2),
            actor_code="IGOUNO",
            confidence=0.9,
        )
        egypt = article.text.index("Egypt")
        place = Place(
            text="Egypt",
            span=Span(start=egypt, end=egypt + 5),
            name="Egypt",
            kind="country",
            country="EG",
            confidence=0.9,
        )
        (event,) = code_article(article, Enrichment(entities=[un], places=[place]))
        assert event.source is not None
        assert event.target is not None
        assert (event.source.code, event.target.code, event.cameo_root) == ("IGOUNO", "EGY", "01")

    def test_international_statement_about_a_country_named_with_its_agent(self) -> None:
        """'The WHO said that many Angolan refugees ...': a country named with an agent noun
        is the topic too (an entity, such as another body, is not)."""
        events = _code(
            "The WHO said that many Angolan refugees were in the centres.", {"Angolan": "AO"}
        )
        assert events == [("said", "IGOUNOHLHWHO", "AGOREF")]

    def test_by_an_unnamed_official_is_the_article_country(self) -> None:
        """'was announced by the country's Health Minister' in an article about Iraq."""
        events = _code(
            "The first case in Iraq was announced today by the country's Health Minister.",
            {"Iraq": "IQ"},
        )
        assert [(verb, source) for verb, source, _ in events] == [("announced", "IRQGOV")]

    def test_who_in_capitals_is_the_world_health_organization(self) -> None:
        """'The WHO said ...' is the WHO's statement (the case-folded Phoenix dictionaries cannot
        list it), and 'WHO' in capitals opens no relative clause."""
        assert _code("The WHO said that the outbreak affected most areas.", {}) == [
            ("said", "IGOUNOHLHWHO", None)
        ]

    def test_who_in_a_headline_in_capitals_is_no_actor(self) -> None:
        """In a headline written in capitals, 'WHO' may be the pronoun."""
        assert _code("WHO WILL PAY FOR THE DAMAGE SAID THE PAPER.", {}) == []

    def test_who_after_the_verb_is_its_target(self) -> None:
        """'gave samples to the WHO' stops at no relative 'who'."""
        events = _code("Turkey gave samples to the WHO for more tests.", {"Turkey": "TR"})
        assert [(source, target) for _, source, target in events] == [("TUR", "IGOUNOHLHWHO")]

    def test_a_news_outlet_is_no_party(self) -> None:
        """'Xinhua reported that ...': a news outlet with no country (Phoenix 'MED') is where the
        report comes from, not a source actor."""
        events = _code("Xinhua reported that Chinese officials met Japan.", {}, {"Xinhua": "MED"})
        assert all(source != "MED" for _, source, _ in events)

    def test_a_quotation_is_the_content_of_its_statement(self) -> None:
        """'"The US will supply doses to Mexico," Canada said' is Canada's statement; what it
        says the US will do is not a second event."""
        events = _code(
            '"The United States will supply doses to Mexico," Canada said.',
            {"United States": "US", "Mexico": "MX", "Canada": "CA"},
        )
        assert [(verb, source) for verb, source, _ in events] == [("said", "CAN")]

    def test_according_to_takes_its_speaker_after_it(self) -> None:
        """'Kenyan officials have counted ..., according to the WHO': the WHO reports, whatever
        actor stands before, about the one country named before it."""
        events = _code(
            "Kenyan officials have counted 200 deaths, according to the WHO.",
            {"Kenyan": "KE"},
        )
        assert ("according to", "IGOUNOHLHWHO", "KEN") in events

    def test_a_listed_country_after_a_preposition_is_a_place(self) -> None:
        """'Viruses in the United States and Canada have shown resistance': neither country
        acts, the second no more than the first."""
        events = _code(
            "Viruses in the United States and Canada have increased resistance to the drug.",
            {"United States": "US", "Canada": "CA"},
        )
        assert events == []

    def test_a_relative_clause_closed_by_a_comma_is_skipped(self) -> None:
        """'Officials from Mexico, the country where the virus began, have confirmed deaths':
        the officials confirmed; an actor inside such a clause is not the subject."""
        events = _code(
            "Officials from Mexico, the country where the virus began, have confirmed deaths.",
            {"Mexico": "MX"},
        )
        assert events == [("confirmed", "MEX", None)]
        events = _code(
            "The UN, which sent doctors to Kenya, has confirmed deaths.",
            {"Kenya": "KE"},
            {"UN": "IGOUNO"},
        )
        assert ("confirmed", "IGOUNO", None) in events

    def test_international_statement_naming_several_countries(self) -> None:
        """'The WHO said polio was eradicated in Egypt and Niger': about Egypt, named first."""
        events = _code(
            "The WHO said that polio had been eradicated in Egypt and Niger.",
            {"Egypt": "EG", "Niger": "NE"},
        )
        assert ("said", "IGOUNOHLHWHO", "EGY") in events

    def test_a_list_of_subjects_is_coded_for_each(self) -> None:
        """'Rwanda and Zambia have issued alerts': one event for each state listed (the
        guideline's rule 13), with no 'both' or 'each' as with them."""
        events = _code(
            "Officials in the United States and Norway have confirmed the strain.",
            {"United States": "US", "Norway": "NO"},
        )
        assert events == [("confirmed", "USA", None), ("confirmed", "NOR", None)]

    def test_a_list_read_one_by_one_is_coded_for_each(self) -> None:
        """'both ... and', or 'each' after the list, make an event per listed subject; 'each'
        after a name leaves the verb a verb ('each reported case' is a noun phrase)."""
        both = _code(
            "Officials in both the United States and Norway have confirmed the strain.",
            {"United States": "US", "Norway": "NO"},
        )
        assert both == [("confirmed", "USA", None), ("confirmed", "NOR", None)]
        each = _code(
            "Egypt, Bulgaria, and Nicaragua each reported their first case.",
            {"Egypt": "EG", "Bulgaria": "BG", "Nicaragua": "NI"},
        )
        assert [source for _, source, _ in each] == ["EGY", "BGR", "NIC"]
        assert _code("Egypt confirmed each reported case.", {"Egypt": "EG"}) == [
            ("confirmed", "EGY", None)
        ]

    def test_an_attributed_speaker_is_not_the_subject_of_the_report(self) -> None:
        """'According to the WHO H5N1 has killed 109 people': the WHO reports; it kills no
        one."""
        events = _code("According to the WHO H5N1 has killed 109 people in Egypt.", {})
        assert [(verb, source) for verb, source, _ in events] == [("According to", "IGOUNOHLHWHO")]

    def test_a_currency_is_not_its_country(self) -> None:
        """'providing US$11 million to assist Zimbabwe': the 'US' of 'US$' is no target."""
        events = _code(
            "The European Union is providing US$11 million to Zimbabwe.",
            {"US": "US", "Zimbabwe": "ZW"},
            {"European Union": "IGOEUR"},
        )
        assert all(target != "USA" for _, _, target in events)

    def test_a_states_appeal_to_a_public_it_does_not_name_has_no_target(self) -> None:
        """'The Nigerian government has advised ill persons to delay trips': people are no
        actor and no state is named (the adjudicated gold's rules 2 and 10: no target)."""
        events = _code(
            "The Nigerian government has advised ill persons to delay their trips.",
            {"Nigerian": "NG"},
        )
        assert events == [("advised", "NGAGOV", None)]
        events = _code(
            "The European Union has urged people to stay at home.", {}, {"European Union": "IGOEUR"}
        )
        assert events == [("urged", "IGOEUR", None)]

    def test_a_participle_by_no_actor_is_no_act(self) -> None:
        """'the areas hardest hit by the flu': a passive with no 'be' and no actor as its agent
        is no act of Vietnam's."""
        events = _code(
            "Vietnam urged the board to send more doses to areas hardest hit by the flu.",
            {"Vietnam": "VN"},
        )
        assert [verb for verb, _, _ in events] == ["urged"]
        events = _code(
            "Canada has the most cases reported by country, following Mexico.",
            {"Canada": "CA", "Mexico": "MX"},
        )
        assert events == []  # the agent is the by-phrase's, not an actor after a comma

    def test_an_actor_after_to_is_not_the_subject(self) -> None:
        """'The country's ambassador to the UN has asked donors ...': the UN, after 'to', is
        where the ambassador is sent, not who asks."""
        events = _code(
            "The country's ambassador to the UN has asked donors for more food aid.",
            {},
            {"UN": "IGOUNO"},
        )
        assert all(source != "IGOUNO" for _, source, _ in events)

    def test_a_participle_after_a_plural_common_noun_is_no_act(self) -> None:
        """'with 31 deaths reported in the last day': a reduced relative clause, no second
        report of Angola's; 'Kenyan officials reported in a statement' is still a report."""
        events = _code(
            "The UN said the outbreak is Angola's worst, with 31 deaths reported in the last day.",
            {"Angola": "AO"},
            {"UN": "IGOUNO"},
        )
        assert events == [("said", "IGOUNO", "AGO")]
        events = _code(
            "Kenyan officials reported in a statement that two people died.", {"Kenyan": "KE"}
        )
        assert [verb for verb, _, _ in events] == ["reported"]

    def test_a_country_adjective_after_a_is_one_of_its_people(self) -> None:
        """'a Canadian who returned from Mexico': a citizen, not Canada, so no act of Canada's;
        'the Canadian government sent doctors' is Canada's."""
        events = _code(
            "Dr Evans said a Canadian who returned from Mexico infected a pig farm.",
            {"Canadian": "CA", "Mexico": "MX"},
        )
        assert all(source != "CAN" for _, source, _ in events)
        events = _code(
            "The Canadian government sent doctors to Mexico.", {"Canadian": "CA", "Mexico": "MX"}
        )
        assert events == [("sent", "CANGOV", "MEX")]


def _code_with_mentions(
    text: str,
    countries: dict[str, str],
    people: dict[str, str | None],
    towns: dict[str, str] | None = None,
) -> list[tuple[str | None, str | None, str | None]]:
    """As :func:`_code`, with every later mention of a person's surname listed as the entity
    enricher lists it, people it gives no actor code (None), and towns (name -> ISO alpha-2
    of their country)."""
    article = normalise_article(ArticleIn(source="t", text=text), "art_t")
    text = article.text
    places = [place(text, name, "country", country) for name, country in countries.items()]
    places += [place(text, name, "city", country) for name, country in (towns or {}).items()]
    entities = []
    for number, (name, code) in enumerate(people.items()):
        at = text.index(name)
        surname = name.split()[-1]
        later = [
            Span(start=found, end=found + len(surname))
            for found in range(len(text))
            if found > at + len(name) and text.startswith(surname, found)
        ]
        entities.append(person(number, name, code, at, later))
    return coded_in(article, places, entities)


class TestActorsAcrossSentences:
    """Actors named once and referred to later: acronyms an article defines, people titled at
    their first mention."""

    def test_an_acronym_defined_by_the_body_it_belongs_to(self) -> None:
        """'The Food and Drug Administration (FDA) of the United States Department of Health'
        makes 'the FDA' a US body; the United States named on its own after its own body's
        verb is where it acts, not its target."""
        events = _code_with_mentions(
            "The Food and Drug Administration (FDA) of the United States Department of Health "
            "has issued a warning. The FDA has also blocked imports from the food packer to "
            "the United States.",
            {"United States": "US"},
            {},
        )
        assert ("blocked", "USA", None) in [(v, s[:3] if s else s, t) for v, s, t in events]

    def test_an_acronym_of_a_body_named_with_a_countrys_adjective(self) -> None:
        """'The American Food and Drug Administration ... An FDA spokesman said': the FDA is
        the United States' body, its initials read from its name."""
        events = _code_with_mentions(
            "The American Food and Drug Administration has recalled rations. An FDA spokesman "
            "said the rations had not been inspected.",
            {"American": "US"},
            {},
        )
        assert ("said", "USAGOV", None) in events
        events = _code_with_mentions(
            'Canadian Food Inspection Agency officials found a case. "The cow was old," said '
            "CFIA chief veterinarian Brian Evans.",
            {"Canadian": "CA"},
            {},
        )
        assert ("said", "CANGOV", None) in events  # the adjective's initial leads

    def test_a_person_titled_in_an_apposition_with_the_country(self) -> None:
        """'Miguel Angel Lezana, the chief epidemiologist in the country,' is Mexico's (the
        country named last), and so is the later 'Lezana said'."""
        events = _code_with_mentions(
            "The outbreak began in Mexico. Miguel Angel Lezana, the chief epidemiologist in the "
            "country, has accused the WHO of taking too much time. Lezana said that the cases "
            "rose.",
            {"Mexico": "MX"},
            {"Miguel Angel Lezana": None},
        )
        assert [(verb, source) for verb, source, _ in events] == [
            ("accused", "MEXGOV"),
            ("said", "MEXGOV"),
        ]
        assert events[0][2] == "IGOUNOHLHWHO"

    def test_a_person_titled_before_the_name(self) -> None:
        """'The Health minister, Alex Larsen,' is the article's country's minister; 'Larsen
        revealed' is that government's statement."""
        events = _code_with_mentions(
            "Cholera spread in Haiti. The Health minister, Alex Larsen, toured the region. "
            "Larsen revealed that the campaign was ready.",
            {"Haiti": "HT"},
            {"Alex Larsen": None},
        )
        assert ("revealed", "HTIGOV", None) in events

    def test_a_person_titled_by_an_office_in_a_town(self) -> None:
        """'Huseyin Avni Sahin, the head doctor of the hospital in Van,': an office in a
        Turkish town, so 'Sahin has requested more ventilators' is an appeal of Turkey's (its
        health workers')."""
        events = _code_with_mentions(
            "According to Huseyin Avni Sahin, the head doctor of the hospital in Van, the boy "
            "died. Sahin has requested more ventilators.",
            {},
            {"Huseyin Avni Sahin": None},
            {"Van": "TR"},
        )
        assert ("requested", "TURHLH", None) in events  # Phoenix: DOCTOR ~HLH

    def test_a_country_ending_a_bodys_name_is_not_its_state(self) -> None:
        """'Ali Mahdi, director of SOS Children's Villages Sudan,': a charity's director, not
        Sudan's."""
        events = _code_with_mentions(
            "Ali Mahdi, director of SOS Children's Villages Sudan, is in Khartoum. Mahdi said "
            "that people are worried.",
            {"Sudan": "SD"},
            {"Ali Mahdi": None},
        )
        assert events == []
        events = _code_with_mentions(
            "John Odey, the Environment Minister of the African country of Nigeria, is in "
            "Abuja. Odey said that people are worried.",
            {"Nigeria": "NG"},
            {"John Odey": None},
        )
        assert events == [("said", "NGAGOV", None)]

    def test_an_actor_followed_by_its_own_verb_is_no_object(self) -> None:
        """'accused the company and Larsen revealed': Larsen is the subject of 'revealed',
        not the one accused."""
        events = _code(
            "Kenya has accused the company and Alex Larsen revealed that the campaign was ready.",
            {"Kenya": "KE"},
            {"Alex Larsen": "HTIGOV"},
        )
        assert events == [("accused", "KEN", None), ("revealed", "HTIGOV", None)]


class TestDyadicActs:
    """Cooperation is done with someone."""

    def test_cooperation_with_no_one_is_no_event(self) -> None:
        """'The Canadian government increased its funding' codes no material cooperation
        (06, CAMEO's INCREASE) with no one; 'increased its aid to Haiti' does. (Increasing
        the number of cases is a statement since recall-s9: test_actions_s9.py.)"""
        assert _code("The Canadian government increased its funding.", {"Canadian": "CA"}) == []
        events = _code(
            "The Canadian government increased its aid to Haiti.", {"Canadian": "CA", "Haiti": "HT"}
        )
        assert [(source, target) for _, source, target in events] == [("CANGOV", "HTI")]


class TestOneStatementEach:
    """A sentence reports one statement of each speaker."""

    def test_a_statement_with_no_target_joins_one_about_someone(self) -> None:
        """'The UN has confirmed six aid workers in South Sudan were killed in what the UN
        representative called a "heinous murder."': one statement, about South Sudan."""
        events = _code_with_mentions(
            "The UN has confirmed six aid workers in South Sudan were killed in what the UN "
            'representative called a "heinous murder."',
            {"South Sudan": "SS"},
            {"UN": "IGOUNO"},
        )
        assert events == [("confirmed", "IGOUNO", "SSD")]


class TestLocalOfficials:
    """'local' officials are of the place just named."""

    def test_local_officials_are_of_the_country_named_before(self) -> None:
        """'cases in the South American country of Chile have been reported, local health
        officials say': Chile's officials, not the article's country's (Kenya's here); what
        they say is about Chile, named before the comma (rule 10)."""
        text = (
            "Kenya has confirmed new cases. Almost four hundred cases in the South American "
            "country of Chile have been reported, local health officials say."
        )
        events = _code(text, {"Kenya": "KE", "Chile": "CL"})
        assert ("say", "CHLGOV", "CHL") in events
        events = _code(text.replace("local health", "health"), {"Kenya": "KE", "Chile": "CL"})
        assert ("say", "KENGOV", "CHL") in events


class TestCountriesInNames:
    """A country that ends a body's name is not the state."""

    def test_a_country_after_a_capitalised_word_ends_a_name(self) -> None:
        """ "SOS Children's Villages Sudan is providing emergency medical assistance": a charity's
        branch, not Sudan; 'Neighbouring Israel has a blockade', where the word before begins
        the sentence, is Israel."""
        assert (
            _code(
                "Aid arrived. SOS Children's Villages Sudan is providing emergency assistance.",
                {"Sudan": "SD"},
            )
            == []
        )
        events = _code("Aid arrived. Neighbouring Israel has blocked the aid.", {"Israel": "IL"})
        assert [source for _, source, _ in events] == ["ISR"]
