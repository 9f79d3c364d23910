"""Bans, holds and recalls of goods or travel, restricted movement, and aid (aid-s11): the
guideline's rules 1, 13 and 15 of bench/data/README.md."""

from __future__ import annotations

from eventwire.pipeline.coding.coder import code_article
from eventwire.pipeline.intake import normalise_article
from eventwire.schemas import ArticleIn, Enrichment, Entity, Span
from tests.pipeline.coding.coded import place


def _body(number: int, text: str, name: str, code: str) -> Entity:
    """The entity enricher's organisation ``name`` at its first occurrence in ``text``."""
    at = text.index(name)
    return Entity(
        entity_id=f"ent_{number}",
        kind="organisation",
        name=name,
        text=name,
        span=Span(start=at, end=at + len(name)),
        mentions=[],
        actor_code=code,
        confidence=0.9,
    )


def _events(
    text: str,
    countries: dict[str, str],
    cities: dict[str, str] | None = None,
    bodies: dict[str, str] | None = None,
) -> list[tuple[str | None, str | None, str | None, str]]:
    """(verb, source code, target code, CAMEO code) of each event of ``text``, given the
    countries and cities (surface -> ISO alpha-2) the place enricher would have found, and the
    organisations (name -> actor code) the entity enricher would have."""
    article = normalise_article(ArticleIn(source="t", text=text), "art_t")
    places = [place(article.text, name, "country", code) for name, code in countries.items()]
    places += [place(article.text, name, "city", code) for name, code in (cities or {}).items()]
    entities = [
        _body(number, article.text, name, code)
        for number, (name, code) in enumerate((bodies or {}).items())
    ]
    found = Enrichment(places=sorted(places, key=lambda p: p.span.start), entities=entities)
    return [
        (
            e.verb,
            e.source.code if e.source else None,
            e.target.code if e.target else None,
            e.cameo_code,
        )
        for e in code_article(article, found)
    ]


class TestBansOnGoodsAndTravel:
    """A ban on goods or travel from or to a state is an embargo (163) against that state."""

    def test_a_passive_ban_on_travel_to_a_state(self) -> None:
        """'Trips to Mali were banned by Ghana': Ghana bans, against Mali (rule 5 and 15)."""
        text = "Last month, trips to Mali were banned by Ghana because of the epidemic."
        assert _events(text, {"Mali": "ML", "Ghana": "GH"}) == [("banned", "GHA", "MLI", "163")]

    def test_an_active_ban_on_goods_from_a_state(self) -> None:
        """'Japan banned beef imports from Brazil': against Brazil."""
        text = "Japan banned beef imports from Brazil after the outbreak."
        assert _events(text, {"Japan": "JP", "Brazil": "BR"}) == [("banned", "JPN", "BRA", "163")]

    def test_a_ban_on_food_named_by_the_state_adjective(self) -> None:
        """'Taiwan banned Japanese seafood': against Japan."""
        text = "Taiwan banned Japanese seafood after the leak."
        events = _events(text, {"Taiwan": "TW", "Japanese": "JP"})
        assert events == [("banned", "TWN", "JPN", "163")]

    def test_a_ban_on_slaughtering_animals_is_no_embargo(self) -> None:
        """'banned the slaughter of cows': animals are no goods here, CAMEO's ban (172)."""
        text = "Nepal banned the slaughter of cows during the festival."
        assert _events(text, {"Nepal": "NP"}) == [("banned", "NPL", None, "172")]

    def test_a_ban_on_anything_else_stays_an_administrative_ban(self) -> None:
        """'Kenya banned public gatherings in Nairobi': CAMEO's 172, no state as target."""
        text = "Kenya banned public gatherings in Nairobi this week."
        events = _events(text, {"Kenya": "KE"}, cities={"Nairobi": "KE"})
        assert events == [("banned", "KEN", None, "172")]

    def test_the_source_own_country_is_where_it_acts(self) -> None:
        """'blocked imports from a packer to Canada' said by Canada: no target."""
        text = "Canada has blocked imports from the packer to Canada."
        assert _events(text, {"Canada": "CA"}) == [("blocked", "CAN", None, "163")]


class TestHoldsAndRecalls:
    """Holding goods is an embargo (163); recalling goods or holding donations rejects them
    (120), against the state they come from."""

    def test_holding_goods_imported_from_a_state(self) -> None:
        """The state is found past a relative clause on the goods."""
        text = "Peru will hold products that have been imported from Chile until they are tested."
        assert _events(text, {"Peru": "PE", "Chile": "CL"}) == [("hold", "PER", "CHL", "163")]

    def test_a_recall_of_goods_donated_by_a_state(self) -> None:
        """'recalled rations donated by Norway': against Norway, and Norway's donation is aid."""
        text = "The Danish government recalled food rations donated by Norway to help survivors."
        events = _events(text, {"Danish": "DK", "Norway": "NO"})
        assert ("recalled", "DNKGOV", "NOR", "120") in events

    def test_held_donations_from_listed_states(self) -> None:
        """'Donations from Spain and Italy are being held by Peru': one event for each (rule
        13)."""
        text = "Food donations from Spain and Italy are being held by Peru this week."
        events = _events(text, {"Spain": "ES", "Italy": "IT", "Peru": "PE"})
        assert events == [("held", "PER", "ESP", "120"), ("held", "PER", "ITA", "120")]

    def test_recalling_an_ambassador_is_no_rejection(self) -> None:
        """A recalled ambassador is no recalled goods: no 120."""
        text = "France recalled its ambassador from Mali on Monday."
        assert all(e[3] != "120" for e in _events(text, {"France": "FR", "Mali": "ML"}))

    def test_holding_talks_is_no_embargo(self) -> None:
        """'held talks with Chile' keeps CAMEO's code (046)."""
        text = "Peru held talks with Chile on Monday."
        assert _events(text, {"Peru": "PE", "Chile": "CL"}) == [("held", "PER", "CHL", "046")]


class TestRestrictedMovement:
    """Restricting movement is 191 (rule 15), and a coordinated clause has its own subject."""

    def test_restricting_movement(self) -> None:
        """'Turkey restricts movement across its border with Syria': 191."""
        text = "Turkey restricts movement across its border with Syria."
        assert _events(text, {"Turkey": "TR", "Syria": "SY"}) == [
            ("restricts", "TUR", "SYR", "191")
        ]

    def test_a_state_after_comma_and_with_a_verb_of_its_own(self) -> None:
        """'Chad has a blockade on Libya, and Niger restricts movement ... as well': Niger is
        the subject of its clause, and its act is against Libya too."""
        text = "Chad has a blockade on Libya, and Niger restricts movement over the border as well."
        events = _events(text, {"Chad": "TD", "Libya": "LY", "Niger": "NE"})
        assert events == [
            ("has a blockade", "TCD", "LBY", "191"),
            ("restricts", "NER", "LBY", "191"),
        ]

    def test_no_shared_target_without_as_well(self) -> None:
        """Without 'as well', 'too' or 'likewise' the second act keeps no target."""
        text = "Chad has a blockade on Libya, and Niger restricts movement across the border."
        events = _events(text, {"Chad": "TD", "Libya": "LY", "Niger": "NE"})
        assert events[1] == ("restricts", "NER", None, "191")

    def test_a_listed_country_with_no_verb_is_no_subject(self) -> None:
        """'... from Libya, and Niger.': a list, no clause of its own: Niger is no source."""
        text = "Chad restricts movement of people from Libya, and Niger."
        events = _events(text, {"Chad": "TD", "Libya": "LY", "Niger": "NE"})
        assert {e[1] for e in events} == {"TCD"}


class TestTravelWarnings:
    """A warning about travel to or from a state is CAMEO's travel warning (160), against it."""

    def test_an_alert_warning_of_travel(self) -> None:
        """'issued alerts ..., warning of travel to and from Mali': 160 against Mali."""
        text = "Ghana has issued alerts to its citizens, warning of travel to and from Mali."
        assert _events(text, {"Ghana": "GH", "Mali": "ML"}) == [("issued", "GHA", "MLI", "160")]

    def test_a_state_warning_its_citizens(self) -> None:
        """'Kenya warned its citizens against travel to Mexico': Kenya warns (its citizens are
        no agent of Kenya's name), 160 against Mexico."""
        text = "Kenya warned its citizens against travel to Mexico."
        assert _events(text, {"Kenya": "KE", "Mexico": "MX"}) == [("warned", "KEN", "MEX", "160")]

    def test_a_warning_with_no_travel_stays_a_comment(self) -> None:
        """'warned that the disease could spread to Mali': a pessimistic comment (012)."""
        text = "Ghana has warned that the disease could spread to Mali."
        assert _events(text, {"Ghana": "GH", "Mali": "ML"}) == [("warned", "GHA", "MLI", "012")]

    def test_an_appeal_not_to_travel_stays_an_appeal(self) -> None:
        """'urged its residents not to travel to Mali': an appeal (020), not a warning."""
        text = "Ghana has urged its residents not to travel to Mali."
        assert _events(text, {"Ghana": "GH", "Mali": "ML"}) == [("urged", "GHA", "MLI", "020")]


class TestAidRecipients:
    """Aid whose clause names no recipient goes to the one state the sentence names outside
    that clause."""

    def test_the_one_state_named_before_the_clause(self) -> None:
        """'Officials in Nepal said roads are open, as Chile and Peru provide assistance':
        aid to Nepal from each provider (rule 13)."""
        text = "Officials in Nepal said roads are open, as Chile and Peru provide assistance."
        events = _events(text, {"Nepal": "NP", "Chile": "CL", "Peru": "PE"})
        assert ("provide", "CHL", "NPL", "070") in events
        assert ("provide", "PER", "NPL", "070") in events

    def test_no_state_outside_the_clause_names_no_recipient(self) -> None:
        """'Chile has set up clinics and sent doctors': not to whom."""
        text = "Chile has set up field clinics and sent additional doctors."
        assert _events(text, {"Chile": "CL"}) == [("sent", "CHL", None, "073")]

    def test_two_states_outside_the_clause_name_no_recipient(self) -> None:
        """With two states named before the clause the recipient is not told."""
        text = "Officials in Nepal and India said roads are open, as Chile provides assistance."
        events = _events(text, {"Nepal": "NP", "India": "IN", "Chile": "CL"})
        assert ("provides", "CHL", None, "070") in events


class TestAidToTheCountry:
    """Aid 'to the country' goes to the article's country."""

    def test_aid_to_the_country(self) -> None:
        """'Chile has sent doctors to the country' in an article about Peru: aid to Peru."""
        text = (
            "Earthquakes hit Peru last week. Chile has sent doctors and medicines to the country."
        )
        assert _events(text, {"Peru": "PE", "Chile": "CL"}) == [("sent", "CHL", "PER", "073")]

    def test_a_statement_about_the_country_names_no_state(self) -> None:
        """'said the disease came to the country': no target (rule 10)."""
        text = "Earthquakes hit Peru last week. Chile said the disease came to the country."
        assert _events(text, {"Peru": "PE", "Chile": "CL"}) == [("said", "CHL", None, "010")]


class TestNamesOfOneBody:
    """Two names that touch ('the United Nations World Health Organization') are one subject
    of a list."""

    def test_a_listed_body_with_two_names(self) -> None:
        """'The government of Chad and the United Nations World Health Organization have
        announced a quarantine': one event for Chad and one for the UN (rule 13)."""
        text = (
            "The government of Chad and the United Nations World Health Organization have "
            "announced a quarantine of two districts."
        )
        bodies = {"United Nations": "IGOUNO", "World Health Organization": "IGOUNOHLHWHO"}
        events = _events(text, {"Chad": "TD"}, bodies=bodies)
        assert [(e[1], e[3]) for e in events] == [("TCD", "191"), ("IGOUNO", "191")]


class TestSuspensionsAndClosedBorders:
    """Suspended imports or flights are an embargo (163); a closed border restricts movement
    (191)."""

    def test_suspended_imports_from_a_state(self) -> None:
        """'Japan suspended imports of poultry from Thailand': 163 against Thailand."""
        text = "Japan suspended imports of poultry from Thailand."
        assert _events(text, {"Japan": "JP", "Thailand": "TH"}) == [
            ("suspended", "JPN", "THA", "163")
        ]

    def test_halted_flights_to_a_state(self) -> None:
        """'China halted flights to Mexico': 163 against Mexico."""
        text = "China halted flights to Mexico after the outbreak."
        assert _events(text, {"China": "CN", "Mexico": "MX"}) == [("halted", "CHN", "MEX", "163")]

    def test_a_border_closed_with_a_state(self) -> None:
        """'Haiti closed its border with the Dominican Republic': 191 against it."""
        text = "Haiti closed its border with the Dominican Republic on Monday."
        events = _events(text, {"Haiti": "HT", "Dominican Republic": "DO"})
        assert events == [("closed", "HTI", "DOM", "191")]

    def test_halted_talks_are_no_embargo(self) -> None:
        """With no goods or travel, HALT keeps CAMEO's code."""
        text = "The talks were halted by Kenya."
        assert all(e[3] != "163" for e in _events(text, {"Kenya": "KE"}))


class TestAidVerbs:
    """Sending experts, delivering medical goods and receiving aid are aid (07)."""

    def test_experts_sent_and_vaccines_delivered(self) -> None:
        """'sent a team of experts to Angola' and 'delivered vaccines to Nigeria': 073."""
        text = "Canada sent a team of experts to Angola."
        assert _events(text, {"Canada": "CA", "Angola": "AO"}) == [("sent", "CAN", "AGO", "073")]
        text = "Canada has delivered vaccines to Nigeria."
        events = _events(text, {"Canada": "CA", "Nigeria": "NG"})
        assert events == [("delivered", "CAN", "NGA", "073")]

    def test_delivering_anything_else_keeps_cameo_code(self) -> None:
        """'delivered a message to Somalia' is no aid."""
        text = "Kenya delivered a message to Somalia."
        assert all(e[3][:2] != "07" for e in _events(text, {"Kenya": "KE", "Somalia": "SO"}))

    def test_aid_received_from_listed_givers(self) -> None:
        """'Haiti has received aid from Venezuela and Cuba': each giver's aid to Haiti."""
        text = "Haiti has received aid from Venezuela and Cuba."
        events = _events(text, {"Haiti": "HT", "Venezuela": "VE", "Cuba": "CU"})
        assert events == [("received", "VEN", "HTI", "070"), ("received", "CUB", "HTI", "070")]

    def test_aid_received_from_no_one_named(self) -> None:
        """'Haiti has received aid': no giver, no event."""
        assert _events("Haiti has received aid.", {"Haiti": "HT"}) == []


class TestNominalBans:
    """A ban named by a noun is an embargo (163) when it is on goods or travel."""

    def test_a_ban_on_goods_and_a_travel_ban(self) -> None:
        """'imposed a ban on poultry imports from Pakistan', 'imposed a travel ban on Mexico'."""
        text = "India imposed a ban on poultry imports from Pakistan."
        events = _events(text, {"India": "IN", "Pakistan": "PK"})
        assert events == [("imposed a ban", "IND", "PAK", "163")]
        text = "China imposed a travel ban on Mexico."
        events = _events(text, {"China": "CN", "Mexico": "MX"})
        assert events == [("imposed a travel ban", "CHN", "MEX", "163")]

    def test_a_ban_on_gatherings_stays_administrative(self) -> None:
        """'imposed a ban on public gatherings': CAMEO's 172."""
        text = "Kenya imposed a ban on public gatherings."
        assert _events(text, {"Kenya": "KE"}) == [("imposed a ban", "KEN", None, "172")]


class TestTravelAdvisories:
    """A travel warning or advisory is 160; another alert stays a warning (012)."""

    def test_a_travel_advisory_for_a_state(self) -> None:
        """'issued a travel advisory for Mexico': 160 against Mexico."""
        text = "Canada issued a travel advisory for Mexico."
        events = _events(text, {"Canada": "CA", "Mexico": "MX"})
        assert events == [("issued", "CAN", "MEX", "160")]

    def test_a_health_alert(self) -> None:
        """'issued a health alert': 012."""
        assert _events("Canada issued a health alert.", {"Canada": "CA"}) == [
            ("issued", "CAN", None, "012")
        ]


class TestBodiesNamedAfterTheirState:
    """A list of subjects whose last is a state's body named after it ('the U.S. Centers for
    Disease Control and Prevention (CDC)') still touches the verb."""

    def test_a_listed_body_named_after_its_state(self) -> None:
        """'MSF and the U.S. Centers for Disease Control (CDC) have sent experts': both."""
        text = "MSF and the U.S. Centers for Disease Control (CDC) have sent experts to Angola."
        events = _events(text, {"U.S.": "US", "Angola": "AO"}, bodies={"MSF": "NGOHLHMSF"})
        assert [(e[1], e[2]) for e in events] == [("NGOHLHMSF", "AGO"), ("USA", "AGO")]


class TestSetOffParticiples:
    """'..., aided by X and Y': X and Y act on the source of the act before."""

    def test_aid_by_listed_agents(self) -> None:
        """'Chad launched a vaccination campaign, aided by the World Health Organization and
        Niger': each helper's aid to Chad (rule 13), and neither is the campaign's target."""
        text = (
            "Chad launched a vaccination campaign, aided by the World Health Organization and "
            "Niger."
        )
        events = _events(
            text,
            {"Chad": "TD", "Niger": "NE"},
            bodies={"World Health Organization": "IGOUNOHLHWHO"},
        )
        assert ("aided", "IGOUNOHLHWHO", "TCD", "070") in events
        assert ("aided", "NER", "TCD", "070") in events
        assert all(e[2] is None for e in events if e[0] == "launched")

    def test_no_act_before(self) -> None:
        """With no act before it the participle acts on the actor right before its comma
        ('Clinics opened in Chad, aided by Niger': Niger's aid to Chad); one that a comma
        closes is no act of its own ('Chad, aided by Niger, vaccinated children')."""
        text = "New clinics opened in Chad, aided by Niger."
        assert ("aided", "NER", "TCD", "070") in _events(text, {"Chad": "TD", "Niger": "NE"})
        text = "Chad, aided by Niger, vaccinated 4,000 children."
        assert all(e[0] != "aided" for e in _events(text, {"Chad": "TD", "Niger": "NE"}))

    def test_aiding_is_giving_aid(self) -> None:
        """'Niger aided Chad': 070, not CAMEO's 060."""
        assert _events("Niger aided Chad last year.", {"Niger": "NE", "Chad": "TD"}) == [
            ("aided", "NER", "TCD", "070")
        ]
