"""Finding coded actions in sentences without a parser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline.coding.actions import (
    _PUNCTUATION_MARK,
    _TOKEN,
    Action,
    Words,
    _punctuated,
    find_actions,
    tokenize,
    upper_case,
    words_in,
)
from eventwire.pipeline.coding.verbs import VerbDictionary, load_verb_dictionary


@pytest.fixture(scope="module")
def dictionary() -> VerbDictionary:
    return load_verb_dictionary()


def _actions(sentence: str, dictionary: VerbDictionary) -> list[Action]:
    return find_actions(tokenize(sentence), dictionary)


class TestFindActions:
    """Verbs, patterns, voice and modality."""

    def test_pattern_beats_the_verb_default(self, dictionary: VerbDictionary) -> None:
        """'held talks' is 046 (HOLD's pattern), not the CONFINE block's 170."""
        (action,) = _actions("Iran and Iraq held talks in Baghdad.", dictionary)
        assert (action.lemma, action.code) == ("HOLD", "046")

    def test_silent_verb_without_pattern_codes_nothing(self, dictionary: VerbDictionary) -> None:
        """'held a party' matches no HOLD pattern and HOLD alone is [---]."""
        assert not [a for a in _actions("They held a party.", dictionary) if a.lemma == "HOLD"]

    def test_passive_object_before_the_verb(self, dictionary: VerbDictionary) -> None:
        """'The negotiations ... will be held' matches HOLD &NEGOTIATION, future and passive."""
        sentence = (
            "The negotiations, which exclude the Daesh and Jabhat Fateh al-Sham terrorist groups, "
            "will be held in the wake of a nationwide ceasefire in Syria."
        )
        hold = next(a for a in _actions(sentence, dictionary) if a.lemma == "HOLD")
        assert (hold.code, hold.passive, hold.modality) == ("046", True, "future")

    def test_negation(self, dictionary: VerbDictionary) -> None:
        """'did not attack' is marked negated."""
        (action,) = _actions("Rebels did not attack the town.", dictionary)
        assert (action.code[:2], action.negated) == ("19", True)

    def test_possible_action(self, dictionary: VerbDictionary) -> None:
        """'are mulling sabotaging' marks sabotage as possible, not actual."""
        actions = _actions("Some countries are mulling sabotaging the negotiations.", dictionary)
        sabotage = next(a for a in actions if a.lemma == "SABOTAGE")
        assert sabotage.modality == "possible"

    def test_a_name_after_an_indefinite_article_modifies_a_noun(
        self, dictionary: VerbDictionary
    ) -> None:
        """'a UN report', 'an Australia-wide ban' are nouns; 'the UN reported' is a verb."""
        assert "REPORT" not in {a.lemma for a in _actions("A UN report was leaked.", dictionary)}
        sentence = "An Australia-wide ban on horses was extended."
        assert "BAN" not in {a.lemma for a in _actions(sentence, dictionary)}
        assert "REPORT" in {a.lemma for a in _actions("The UN reported cases.", dictionary)}

    def test_nouns_are_not_verbs(self, dictionary: VerbDictionary) -> None:
        """'peace talks', 'their delegation heads' and 'United Nations' code nothing."""
        sentence = "The United Nations named their delegation heads for the upcoming peace talks."
        assert {a.lemma for a in _actions(sentence, dictionary)} <= {"NAME"}

    def test_killed_in_the_passive(self, dictionary: VerbDictionary) -> None:
        """'had been killed' is a passive root-19 action."""
        actions = _actions("More than 400,000 people had been killed in the crisis.", dictionary)
        kill = next(a for a in actions if a.lemma == "KILL")
        assert (kill.code[:2], kill.passive) == ("19", True)

    @pytest.mark.parametrize(
        ("sentence", "lemma", "root"),
        [
            ("United Nations officials are warning of a growing threat of measles.", "WARN", "01"),
            ("Larsen revealed that the government was launching a campaign.", "REVEAL", "01"),
            ("Singapore has urged its residents not to travel to Victoria.", "URGE", "02"),
            ("Kenya issued an alert Thursday after an outbreak of cholera.", "ISSUE", "01"),
            ("The FDA has issued a warning on cantaloupes.", "ISSUE", "01"),
            ("Turkey issued a statement on Monday.", "ISSUE", "01"),
            ("Turkey issued new permits.", "ISSUE", "06"),
            ('"It is bad," he added.', "ADD", "01"),
            ("Mombouli pointed out the individuals may not have the virus.", "POINT OUT", "01"),
            ("The government has admitted it was unable to transmit the bulletins.", "ADMIT", "01"),
            ("Kenya cautioned that the disease spreads.", "CAUTION", "01"),
        ],
    )
    def test_eventwire_supplement_codes(
        self, dictionary: VerbDictionary, sentence: str, lemma: str, root: str
    ) -> None:
        """eventwire's verb supplement: warnings are comments, revelations statements, urging
        an appeal."""
        actions = _actions(sentence, dictionary)
        assert [(a.lemma, a.code[:2]) for a in actions if a.lemma == lemma] == [(lemma, root)]

    @pytest.mark.parametrize(
        ("sentence", "code"),
        [
            ("China, Japan and the UK have warned the WHO to be cautious.", "020"),
            ("Police warned residents to stay indoors.", "020"),
            ("The UN warned that the disease is likely to spread.", "012"),
            ("The UN warned of a crisis to come.", "012"),
            ("The UN warned against going to Syria.", "012"),
            ("The UN warned to expect delays.", "012"),
            ("Kenya cautioned travellers to avoid Chad.", "020"),
        ],
    )
    def test_warning_someone_to_act_is_an_appeal(
        self, dictionary: VerbDictionary, sentence: str, code: str
    ) -> None:
        """WARN with an object and a to-infinitive is advice to act (020); with "that", "of",
        "against" or no object it stays a pessimistic comment (012)."""
        actions = _actions(sentence, dictionary)
        assert [a.code for a in actions if a.lemma in {"WARN", "CAUTION"}] == [code]

    @pytest.mark.parametrize(
        ("sentence", "code"),
        [
            ("The WHO has told people to stay away from the caves.", "020"),
            ("The minister told reporters that the outbreak was contained.", "010"),
            ("The president encouraged people to stay at home.", "020"),
            ("Canada encouraged the talks.", "051"),
        ],
    )
    def test_telling_or_encouraging_someone_to_act_is_an_appeal(
        self, dictionary: VerbDictionary, sentence: str, code: str
    ) -> None:
        """TELL and ENCOURAGE with an object and a to-infinitive are appeals (020), as WARN
        is; otherwise a statement (010) and praise (051)."""
        actions = _actions(sentence, dictionary)
        assert [a.code for a in actions if a.lemma in {"TELL", "ENCOURAGE"}] == [code]

    @pytest.mark.parametrize(
        "sentence",
        ["Kenya admitted two men to hospital.", "Kenya admitted to hospital two men."],
    )
    def test_a_null_pattern_makes_the_verb_no_event(
        self, dictionary: VerbDictionary, sentence: str
    ) -> None:
        """A pattern coded [---] (CAMEO's "ADMIT (TO HOSPITAL)") wins like any other and codes
        nothing, where the verb alone would be an event."""
        assert [a.lemma for a in _actions(sentence, dictionary)] == []
        assert [a.lemma for a in _actions("Kenya admitted two failures.", dictionary)] == ["ADMIT"]

    def test_a_prepositional_group_holds_its_own_object(self, dictionary: VerbDictionary) -> None:
        """The noun of a pattern's "(FOR &FIGHT)" must be the object of that "for", not a word
        past an infinitive: a call for efforts to combat a disease is an appeal, no threat."""
        sentence = "The WHO has called for renewed efforts to combat the disease."
        assert [a.code for a in _actions(sentence, dictionary)] == ["020"]
        ceasefire = _actions("Kenya called for a ceasefire.", dictionary)
        assert [a.code[:3] for a in ceasefire] == ["025"]

    def test_facing_a_risk_is_no_meeting(self, dictionary: VerbDictionary) -> None:
        """FACE is no meeting (CAMEO's 040) but for CAMEO's own FACE patterns."""
        assert _actions("Several British troops face the risk of diseases.", dictionary) == []
        problem = _actions("Kenya faces a problem with Chad.", dictionary)
        assert [(a.lemma, a.code) for a in problem] == [("FACE", "012")]

    @pytest.mark.parametrize(
        ("sentence", "code"),
        [
            ('The UN is calling the cholera outbreak "extremely serious".', "010"),
            ('Zelaya called the alert "extreme and unexpected", and left.', "010"),
            ("Kenya telephoned Chad and called Uganda.", "041"),
            ('Kenya called for a "ceasefire".', "0256"),
        ],
    )
    def test_calling_something_a_quotation_is_a_comment(
        self, dictionary: VerbDictionary, sentence: str, code: str
    ) -> None:
        """CALL with an object and then a quotation names what the object is (010; with a word
        of blame, criticism: :class:`TestNamingWithBlame`); CALL with
        no pattern otherwise keeps CAMEO's 041, and its patterns theirs (read from the text,
        whose quotation marks are no words)."""
        actions = find_actions(Words(sentence, upper_case(sentence)), dictionary)
        assert [a.code for a in actions if a.lemma == "CALL"] == [code]

    def test_affect_and_deal_with_are_no_acts(self, dictionary: VerbDictionary) -> None:
        """'a pandemic would affect more people', 'China is dealing with an earthquake'."""
        assert _actions("A pandemic would affect far more people.", dictionary) == []
        assert _actions("China is also dealing with an earthquake.", dictionary) == []

    def test_an_adverb_inside_the_passive(self, dictionary: VerbDictionary) -> None:
        """'was recently killed by the virus' is passive; 'recently killed' alone is not."""
        killed = _actions("A tourist was recently killed by the virus.", dictionary)
        assert [(a.lemma, a.passive) for a in killed] == [("KILL", True)]
        active = _actions("Troops recently killed two men.", dictionary)
        assert [(a.lemma, a.passive) for a in active] == [("KILL", False)]


class TestNamingWithBlame:
    """CALL, LABEL, DUB, BRAND and the describing verbs naming their object with a word of blame
    criticise (111) or accuse (112)."""

    @pytest.mark.parametrize(
        ("sentence", "code"),
        [
            ('The minister called the ruling "reckless and unlawful", and left.', "111"),
            ("Rebels described the raid as utterly despicable.", "111"),
            ('The opposition dubbed the vote "a sham".', "111"),
            ("The party called the report a hoax invented by its rivals.", "112"),
            ("The ruling, which Ankara described as a fraud, was upheld.", "112"),
        ],
    )
    def test_a_word_of_blame_after_the_object(
        self, dictionary: VerbDictionary, sentence: str, code: str
    ) -> None:
        """The name after the object (after 'as' for DESCRIBE) says the act."""
        actions = find_actions(Words(sentence, upper_case(sentence)), dictionary)
        assert [a.code for a in actions if a.lemma in {"CALL", "DESCRIBE", "DUB"}] == [code]

    @pytest.mark.parametrize(
        ("sentence", "code"),
        [
            # the quotation that names the outbreak has closed before the word of blame
            ('Oxfam is calling the drought "grave" and it is "shameful" to wait.', "010"),
            # 'called a' convenes or names nothing after an object
            ('It was what the envoy called a "cowardly killing".', "010"),
            # past a preposition: what is called for, not what is named
            ("Chile called for an end to the unlawful fishing.", "053"),
            # a word of blame before no object is no complement of DESCRIBE without 'as'
            ("Peru described shameful conditions in the camps.", "010"),
        ],
    )
    def test_no_naming(self, dictionary: VerbDictionary, sentence: str, code: str) -> None:
        """No criticism where the word of blame names nothing the verb's object is."""
        actions = find_actions(Words(sentence, upper_case(sentence)), dictionary)
        assert [a.code for a in actions if a.lemma in {"CALL", "DESCRIBE"}] == [code]


class TestNominalEvents:
    """A noun naming a coercive act is its subject's act after a light verb."""

    @pytest.mark.parametrize(
        ("sentence", "code", "lemma"),
        [
            ("Turkey has a blockade on the port.", "191", "BLOCKADE"),
            ("Chile and the WHO have announced a quarantine of the town.", "191", "QUARANTINE"),
            ("Chile ordered a two-week curfew in the town.", "1723", "CURFEW"),
            # a ban on travel is an embargo (163; the bench's guideline rule 15, aid-s11)
            ("Kenya imposed a total travel ban on Somalia.", "163", "BAN"),
            ("Kenya will maintain its embargo on Eritrea.", "163", "EMBARGO"),
            # a pattern of the light verb's own keeps its code
            ("The EU announced new sanctions against Iran.", "163", "ANNOUNCE"),
        ],
    )
    def test_light_verb_and_event_noun(
        self, dictionary: VerbDictionary, sentence: str, code: str, lemma: str
    ) -> None:
        """The event runs from the light verb to the noun and takes the noun's code."""
        actions = find_actions(Words(sentence, upper_case(sentence)), dictionary)
        assert [(a.code, a.lemma) for a in actions] == [(code, lemma)]

    def test_the_event_spans_the_light_verb_and_the_noun(self, dictionary: VerbDictionary) -> None:
        """'has a blockade' is one action, from 'has' to 'blockade', future after 'will'."""
        (action,) = _actions("Turkey will have a blockade on the port.", dictionary)
        assert (action.verb, action.verb_end, action.modality) == (2, 5, "future")

    @pytest.mark.parametrize(
        "sentence",
        [
            "Peru has no ban on imports.",
            "Peru has said a ban would hurt trade.",
            "Peru has lifted the ban.",
            "Peru threatened to impose a blockade on the port.",
            "The ban, which Peru has, is old.",
        ],
    )
    def test_no_nominal_event(self, dictionary: VerbDictionary, sentence: str) -> None:
        """No event from the noun across a negation, a verb, a complement or punctuation."""
        codes = [a.code for a in _actions(sentence, dictionary)]
        assert not [code for code in codes if code in {"172", "191"}]


class TestPatternScope:
    """A pattern's words outside '(...)' are the verb's object, as PETRARCH reads them."""

    def test_a_word_past_a_preposition_is_not_the_object(self, dictionary: VerbDictionary) -> None:
        """'said in response to the attack' is a statement, not REPORT's '* ATTACK' (190)."""
        actions = _actions("Shearer said in response to the attack that aid is needed.", dictionary)
        assert [a.code for a in actions if a.lemma == "SAY"] == ["010"]

    def test_the_object_still_matches(self, dictionary: VerbDictionary) -> None:
        """'announced new sanctions' matches its block's '* SANCTIONS' (163)."""
        actions = _actions("The EU announced new sanctions against Iran.", dictionary)
        assert [a.code for a in actions if a.lemma == "ANNOUNCE"] == ["163"]

    def test_describing_an_attack_is_a_comment(self, dictionary: VerbDictionary) -> None:
        """'described the attack as ...' is a comment (010), not the block's '* ATTACK' (190)
        written for REPORT; its '(AS DISASTER)' criticism (110) still holds."""
        attack = _actions("The envoy described the attack as a turning point.", dictionary)
        assert [a.code for a in attack if a.lemma == "DESCRIBE"] == ["010"]
        disaster = _actions("The minister described the plan as a disaster.", dictionary)
        assert [a.code for a in disaster if a.lemma == "DESCRIBE"] == ["110"]

    def test_a_lone_particle_is_not_any_later_preposition(self, dictionary: VerbDictionary) -> None:
        """CALL's '(ON)' (020) is 'called on' and 'called upon', not the 'on' of a later
        clause ('called the meeting, which was held on Monday')."""
        called_on = _actions("Kenya called on Uganda to act.", dictionary)
        assert [a.code for a in called_on if a.lemma == "CALL"] == ["020"]
        later = _actions("Kenya called the envoy, who was seen on Monday.", dictionary)
        assert [a.code for a in later if a.lemma == "CALL"] == ["041"]


class TestModality:
    """Negation and modality stay within the verb's clause."""

    def test_a_quotation_does_not_negate_its_speaker(self, dictionary: VerbDictionary) -> None:
        """'"We don't need to panic," said Tsang': the saying is not negated."""
        text = '"We don\'t need to panic," said Tsang.'
        actions = find_actions(Words(text, upper_case(text)), dictionary)
        said = next(a for a in actions if a.lemma == "SAY")
        assert not said.negated


class TestSupplement:
    """eventwire's additions to the CAMEO verb dictionary."""

    def test_confirm_is_a_statement(self, dictionary: VerbDictionary) -> None:
        """'Romania confirmed another outbreak' codes 010, which CAMEO.2.0 leaves uncoded."""
        (action,) = _actions("Romania confirmed another outbreak.", dictionary)
        assert (action.lemma, action.code) == ("CONFIRM", "010")

    def test_dying_is_not_an_act(self, dictionary: VerbDictionary) -> None:
        """'three siblings died' codes no use of force."""
        assert _actions("Three siblings died of the disease.", dictionary) == []

    def test_irregular_form_outranks_a_homograph(self, dictionary: VerbDictionary) -> None:
        """'found' is FIND (no event), not FOUND 'to establish' (060)."""
        assert _actions("Officials found the samples in the region.", dictionary) == []

    def test_sending_medical_staff_is_humanitarian_aid(self, dictionary: VerbDictionary) -> None:
        """'sent additional doctors', 'dispatched support personnel' are 073; SEND with another
        object keeps CAMEO's patterns ('sent a trade mission', 0311)."""
        for sentence in (
            "The UN sent additional doctors.",
            "WHO dispatched technical and support personnel to Angola.",
        ):
            assert [a.code for a in _actions(sentence, dictionary)] == ["073"]
        mission = _actions("China sent a trade mission to Kenya.", dictionary)
        assert [a.code for a in mission] == ["0311"]

    def test_being_critical_of_is_criticism(self, dictionary: VerbDictionary) -> None:
        """'was highly critical of Uganda' is 111; 'a critical condition' is no event."""
        critical = _actions("Kenya was highly critical of Uganda.", dictionary)
        assert [(a.lemma, a.code) for a in critical] == [("CRITICAL OF", "111")]
        assert _actions("He is in a critical condition.", dictionary) == []

    def test_ignoring_a_request_is_rejecting_it(self, dictionary: VerbDictionary) -> None:
        """'has ignored requests to cancel' is 122, as CAMEO codes ignoring an appeal; IGNORE
        with another object keeps CAMEO's block (no event)."""
        ignored = _actions("The government has ignored requests to cancel it.", dictionary)
        assert [(a.lemma, a.code) for a in ignored] == [("IGNORE", "122")]
        assert _actions("The government has ignored the festival.", dictionary) == []

    def test_calling_for_an_inquiry_is_an_appeal(self, dictionary: VerbDictionary) -> None:
        """'called for an inquiry' is an appeal (020), not CAMEO's investigation (090); other
        CALL patterns stay CAMEO's ('called on', 020; 'called for a ceasefire', 0256)."""
        inquiry = _actions("Peru called for an inquiry into the deaths.", dictionary)
        assert [(a.lemma, a.code) for a in inquiry] == [("CALL", "020")]
        ceasefire = _actions("Peru called for a ceasefire.", dictionary)
        assert [(a.lemma, a.code) for a in ceasefire] == [("CALL", "0256")]

    def test_working_with_is_cooperation(self, dictionary: VerbDictionary) -> None:
        """'is working closely with the ministry' is cooperation (060); WORK alone or past
        another preposition is no event."""
        working = _actions("Oxfam is working closely with the ministry.", dictionary)
        assert [(a.lemma, a.code) for a in working] == [("WORK", "060")]
        assert _actions("Oxfam worked in Chad with the ministry.", dictionary) == []
        assert _actions("Oxfam doctors work long hours.", dictionary) == []

    def test_finding_the_dead_is_no_attack(self, dictionary: VerbDictionary) -> None:
        """'found 40 dead birds' is no 190; FIND keeps CAMEO's other patterns ('found him
        guilty', 173)."""
        assert _actions("Vets found 40 dead geese near the lake.", dictionary) == []
        guilty = _actions("The court found the mayor guilty.", dictionary)
        assert [(a.lemma, a.code) for a in guilty] == [("FIND", "173")]


class TestNounReadings:
    """Dictionary forms that the words around them make nouns or adjectives."""

    def test_after_a_preposition_or_a_count(self, dictionary: VerbDictionary) -> None:
        """'with 35 confirmed cases', 'of aid to the region': no CONFIRM, no AID."""
        actions = _actions("They spoke of 35 confirmed cases and of aid to the region.", dictionary)
        assert {a.lemma for a in actions}.isdisjoint({"CONFIRM", "AID"})

    def test_a_code_with_digits_is_not_a_count(self, dictionary: VerbDictionary) -> None:
        """'H5N1," said the agency': the '1' of H5N1 does not make 'said' a noun."""
        actions = _actions('"It is H5N1," said the agency.', dictionary)
        assert [a.lemma for a in actions] == ["SAY"]

    def test_a_noun_compound_is_no_verb(self, dictionary: VerbDictionary) -> None:
        """'the coast guard have increased' is a noun compound (GUARD is no 074); 'the
        soldiers guard' and 'the army will guard' are verbs."""
        compound = _actions("He said the coast guard have increased patrols.", dictionary)
        assert "GUARD" not in [a.lemma for a in compound]
        for sentence in ("The soldiers guard the border.", "The army will guard the border."):
            assert [a.lemma for a in _actions(sentence, dictionary)] == ["GUARD"]

    def test_a_base_form_after_a_determiner_and_a_modifier_is_a_noun(
        self, dictionary: VerbDictionary
    ) -> None:
        """'a sharp increase', 'their antiviral vaccine supply' are nouns; 'a spokesman said',
        'their officials report' and 'the government warn' keep their verbs."""
        for sentence in (
            "He reported a sharp increase in cases.",
            "They will send part of their antiviral vaccine supply.",
            "Thousands of refugees are in dire need of assistance.",
        ):
            lemmas = [a.lemma for a in _actions(sentence, dictionary)]
            assert "INCREASE" not in lemmas
            assert "SUPPLY" not in lemmas
            assert "NEED" not in lemmas
        for sentence, lemma in (
            ("A spokesman said the border is closed.", "SAY"),
            ("Their officials report new cases.", "REPORT"),
            ("The government warn of new cases.", "WARN"),
        ):
            assert lemma in [a.lemma for a in _actions(sentence, dictionary)]

    def test_a_base_form_right_after_a_modifies_the_noun(self, dictionary: VerbDictionary) -> None:
        """'through a press release': 'press' (no plural, and no verb after 'a') modifies
        'release', so no release is coded; 'a press officer will release the prisoners' still
        is."""
        lemmas = [a.lemma for a in _actions("Said the WHO through a press release.", dictionary)]
        assert "RELEASE" not in lemmas
        lemmas = [
            a.lemma for a in _actions("A press officer will release the prisoners.", dictionary)
        ]
        assert "RELEASE" in lemmas

    def test_noun_first_words_need_a_verb_cue(self, dictionary: VerbDictionary) -> None:
        """'aid agencies' is a noun; 'will aid' a verb."""
        assert "AID" not in {a.lemma for a in _actions("Aid agencies arrived.", dictionary)}
        assert [a.lemma for a in _actions("Japan will aid the victims.", dictionary)] == ["AID"]

    def test_an_infinitive_of_purpose_is_no_act(self, dictionary: VerbDictionary) -> None:
        """'is staying in Chad to improve facilities', 'in order to better contain the virus',
        'to help connect' code no act; 'the minister is to visit Kenya' is a planned visit."""
        for sentence in (
            "WHO is staying in Chad to improve local facilities.",
            "Officials are working in order to better contain the virus.",
            "Peru is building a registry to help connect doctors with labs.",
        ):
            assert _actions(sentence, dictionary) == []
        planned = _actions("The minister is to visit Kenya.", dictionary)
        assert [a.lemma for a in planned] == ["VISIT"]

    def test_infinitive_after_an_action_is_its_complement(self, dictionary: VerbDictionary) -> None:
        """'promised to provide aid' is one action, the promise."""
        actions = _actions("The union promised to provide treatment.", dictionary)
        assert [a.lemma for a in actions] == ["PROMISE"]

    def test_according_to_is_a_statement(self, dictionary: VerbDictionary) -> None:
        """'..., according to the WHO' is a report (010), not a gerund."""
        actions = _actions(
            "Sixty people died, according to the World Health Organisation.", dictionary
        )
        assert [(a.lemma, a.code) for a in actions] == [("ACCORDING TO", "010")]


_TEXT = st.text(
    alphabet=st.sampled_from(list("aZ9 ,.;:\"“”'’-()ßı\n")) | st.characters(), max_size=60
)


class TestQuickLooks:
    """Shortcuts that must give what the regular expressions give."""

    @given(_TEXT)
    def test_spans_are_the_token_matches(self, text: str) -> None:
        """Words found one after another by ``str.find`` have the spans of the token regex."""
        words = Words(text, upper_case(text))
        assert words.spans == [m.span() for m in _TOKEN.finditer(text)]

    @given(_TEXT, st.integers(0, 60), st.integers(0, 60))
    def test_upper_words_are_the_words_of_the_upper_cased_text(
        self, text: str, start: int, end: int
    ) -> None:
        """A sentence's words upper-cased (in ASCII) are the words read from the upper-cased
        article, or, where a capital changes the words, each word upper-cased."""
        upper = upper_case(text)
        written = _TOKEN.findall(text, start, end)
        expected = _TOKEN.findall(upper, start, end)
        if len(expected) != len(written):
            expected = [upper_case(word) for word in written]
        assert Words(text, upper, start, end).upper == expected

    @given(
        _TEXT | st.text(alphabet=st.characters(max_codepoint=127), max_size=60),
        st.integers(0, 60),
        st.integers(0, 60),
    )
    def test_words_split_at_spaces_are_the_token_matches(
        self, text: str, start: int, end: int
    ) -> None:
        """Words read from pieces between spaces are those the token regex finds, for ASCII
        text (split) and any other (the regex alone)."""
        assert words_in(text, start, end) == _TOKEN.findall(text, start, end)
        assert Words(text, upper_case(text), start, end).written == _TOKEN.findall(text, start, end)

    @given(_TEXT, st.integers(0, 60), st.integers(0, 60))
    def test_punctuated_gap(self, text: str, start: int, end: int) -> None:
        """A gap of one space holds no punctuation; any other gap is searched."""
        assert _punctuated(text, start, end) == bool(_PUNCTUATION_MARK.search(text, start, end))
