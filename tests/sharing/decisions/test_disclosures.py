"""What was shared: by which channel (one catalogue of secure channels, seed 000
§7), spoken shares confirmed in writing (seed 000 §6), and each item marked
fact, opinion or historical, in the disclosure and in the chronology (seed 003
principles)."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import ChronologyEntry
from requests.models import InformationRequest
from sharing.choices import InformationStatus, SecureChannel
from sharing.decisions import selectors, services
from sharing.decisions.forms import DisclosureForm
from sharing.models import Disclosure, DisclosureItem, Organisation
from tests.races import postgresql_only, refusals
from tests.requests.factories import World
from tests.sharing.decisions.builders import decision_fields
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db

CATALOGUE = {
    "register",
    "secure_email",
    "secure_file_transfer",
    "encrypted_document",
    "in_person",
    "telephone",
}


@pytest.fixture
def world():
    return World()


@pytest.fixture
def case(world):
    return case_services.case_open(
        user=world.worker,
        team=world.team,
        child=world.child,
        summary="Concerns",
        reason="r",
        opened_on=date(2026, 10, 1),
    )


@pytest.fixture
def decision(world, case):
    return services.decision_record(
        user=world.worker,
        case=case,
        recipient_organisation=world.police,
        **decision_fields(),
    )


def _share(world, decision, channel="secure_email", items=(("Two referrals.", "fact"),)):
    return services.disclosure_record(
        user=world.worker,
        decision=decision,
        recipient_organisation=world.police,
        shared_on=date(2026, 11, 16),
        channel=channel,
        items=list(items),
    )


# --- One catalogue of secure channels (seed 000 §7) --------------------------------


def test_one_catalogue_of_secure_channels_for_disclosures_answers_and_the_form():
    assert set(SecureChannel.values) == CATALOGUE
    assert {v for v, _ in Disclosure._meta.get_field("channel").choices} == CATALOGUE
    assert {v for v, _ in InformationRequest._meta.get_field("channel").choices} == CATALOGUE
    assert {v for v, _ in DisclosureForm().fields["channel"].choices} == CATALOGUE
    # An organisation's usual route is a written one: a call is for emergencies.
    assert {v for v, _ in Organisation._meta.get_field("secure_channel").choices} == CATALOGUE - {
        "in_person",
        "telephone",
    }


@pytest.mark.parametrize("channel", ["whatsapp", "unencrypted_email", "email", "", "verbal"])
def test_whatsapp_or_unencrypted_email_is_refused_and_nothing_is_shared(world, decision, channel):
    with pytest.raises(ValidationError, match="secure ways"):
        _share(world, decision, channel=channel)
    assert not Disclosure.objects.exists()
    assert not ChronologyEntry.objects.filter(kind="information_shared").exists()


def test_the_disclosure_form_refuses_a_channel_outside_the_catalogue(world):
    form = DisclosureForm(
        {
            "recipient_organisation": world.police.pk,
            "shared_on": "2026-11-16",
            "channel": "whatsapp",
            "items": "FACT: Two referrals.",
        }
    )
    assert not form.is_valid() and "channel" in form.errors


# --- Spoken shares confirmed in writing (seed 000 §6) -------------------------------


@pytest.mark.parametrize("channel", ["telephone", "in_person"])
def test_a_spoken_share_is_flagged_until_confirmed_in_writing(
    verified_client, world, decision, channel
):
    disclosure = _share(world, decision, channel=channel)
    assert disclosure.awaits_written_confirmation
    assert list(selectors.decisions_to_confirm_in_writing(world.worker)) == [decision]
    client = verified_client(world.worker)
    dashboard = client.get(reverse("requests:dashboard")).content.decode()
    assert "not yet confirmed in writing" in dashboard
    page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    assert "not yet confirmed in writing" in page
    assert "Record it as confirmed in writing" in page
    listing = client.get(reverse("decisions:decision_list")).content.decode()
    assert "confirm in writing" in listing
    home = client.get(reverse("home")).content.decode()
    assert 'data-count="to-confirm-in-writing">1<' in home

    response = client.post(
        reverse("decisions:disclosure_confirm", args=[decision.pk, disclosure.pk]),
        {"confirmed_on": "2026-11-17", "how": "Secure e-mail to the MASH inbox"},
    )
    assert response.status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.confirmed_in_writing_on == date(2026, 11, 17)
    assert disclosure.confirmed_in_writing_by == world.worker
    assert disclosure.history.first().history_change_reason == "Confirmed in writing"
    assert not selectors.decisions_to_confirm_in_writing(world.worker).exists()
    assert (
        "not yet confirmed in writing"
        not in client.get(reverse("requests:dashboard")).content.decode()
    )
    page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    assert "Confirmed in writing on 17 November 2026" in page
    home = client.get(reverse("home")).content.decode()
    assert 'data-count="to-confirm-in-writing">0<' in home


def test_a_written_share_needs_no_confirmation(world, decision):
    disclosure = _share(world, decision, channel="secure_email")
    assert not disclosure.awaits_written_confirmation
    assert not selectors.decisions_to_confirm_in_writing(world.worker).exists()
    with pytest.raises(PermissionDenied):
        services.disclosure_confirm_in_writing(
            user=world.worker, disclosure=disclosure, confirmed_on=date(2026, 11, 17), how="e-mail"
        )


def test_confirming_in_writing_is_refused_twice_before_sharing_in_the_future_or_without_how(
    world, decision
):
    disclosure = _share(world, decision, channel="telephone")
    confirm = services.disclosure_confirm_in_writing
    with pytest.raises(ValidationError, match="before the date it was shared"):
        confirm(user=world.worker, disclosure=disclosure, confirmed_on=date(2026, 11, 15), how="e")
    tomorrow = timezone.localdate().replace(year=timezone.localdate().year + 1)
    with pytest.raises(ValidationError, match="future"):
        confirm(user=world.worker, disclosure=disclosure, confirmed_on=tomorrow, how="e-mail")
    with pytest.raises(ValidationError, match="how"):
        confirm(user=world.worker, disclosure=disclosure, confirmed_on=date(2026, 11, 17), how=" ")
    confirm(user=world.worker, disclosure=disclosure, confirmed_on=date(2026, 11, 17), how="e")
    stale = Disclosure.objects.get(pk=disclosure.pk)
    stale.confirmed_in_writing_on = None  # a page loaded before the first confirmation
    with pytest.raises(ValidationError, match="already been confirmed"):
        confirm(user=world.worker, disclosure=stale, confirmed_on=date(2026, 11, 18), how="again")


def test_only_the_deciding_organisation_confirms_in_writing(verified_client, world, decision):
    disclosure = _share(world, decision, channel="telephone")
    officer = UserFactory(organisation=world.police)
    with pytest.raises(PermissionDenied):
        services.disclosure_confirm_in_writing(
            user=officer, disclosure=disclosure, confirmed_on=date(2026, 11, 17), how="e-mail"
        )
    with pytest.raises(PermissionDenied):
        services.disclosure_confirm_in_writing(
            user=world.scpo_a, disclosure=disclosure, confirmed_on=date(2026, 11, 17), how="e-mail"
        )
    response = verified_client(world.scpo_a).post(
        reverse("decisions:disclosure_confirm", args=[decision.pk, disclosure.pk]),
        {"confirmed_on": "2026-11-17", "how": "e-mail"},
    )
    assert response.status_code == 404
    disclosure.refresh_from_db()
    assert disclosure.awaits_written_confirmation


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_in_writing_at_once_record_one():
    world = World()
    case = case_services.case_open(
        user=world.worker,
        team=world.team,
        child=world.child,
        summary="Concerns",
        reason="r",
        opened_on=date(2026, 10, 1),
    )
    decision = services.decision_record(
        user=world.worker, case=case, recipient_organisation=world.police, **decision_fields()
    )
    disclosure = _share(world, decision, channel="telephone")
    copies = [Disclosure.objects.get(pk=disclosure.pk) for _ in range(2)]
    hows = ["Secure e-mail to the MASH", "Letter to the duty officer"]

    results = refusals(
        *(
            lambda c=c, h=h: services.disclosure_confirm_in_writing(
                user=world.worker, disclosure=c, confirmed_on=date(2026, 11, 17), how=h
            )
            for c, h in zip(copies, hows, strict=True)
        )
    )

    losers = [r for r in results if r is not None]
    assert len(losers) == 1 and "already been confirmed" in losers[0].messages[0]
    disclosure.refresh_from_db()
    assert disclosure.confirmed_in_writing_how == hows[results.index(None)]
    assert disclosure.history.filter(history_change_reason="Confirmed in writing").count() == 1


# --- Fact, opinion, historical (seed 003 principles) --------------------------------


def test_an_item_cannot_be_stored_unmarked_by_any_route(world, decision):
    disclosure = _share(world, decision)
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureItem.objects.create(disclosure=disclosure, text="Unmarked", information_status="")
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureItem.objects.bulk_create(
            [DisclosureItem(disclosure=disclosure, text="Wrong", information_status="rumour")]
        )


@pytest.mark.parametrize(
    ("items", "entry_status"),
    [
        ([("Two referrals, 2022 and 2024.", "historical")], "historical"),
        ([("Attends daily.", "fact"), ("Seems withdrawn.", "opinion")], "opinion"),
        ([("Attends daily.", "fact"), ("Referred in 2022.", "historical")], "historical"),
        ([("Attends daily.", "fact")], "fact"),
    ],
)
def test_the_chronology_entry_carries_each_items_marking(world, decision, items, entry_status):
    disclosure = _share(world, decision, items=items)
    entry = disclosure.chronology_entry
    assert entry.information_status == entry_status
    for text, status in items:
        assert f"{InformationStatus.label_of(status)}: {text}" in entry.text
    assert "(secure e-mail)" in entry.text


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["fact"], "fact"),
        (["fact", "fact"], "fact"),
        (["historical"], "historical"),
        (["opinion"], "opinion"),
        (["fact", "historical"], "historical"),
        (["historical", "opinion"], "opinion"),
        (["fact", "historical", "opinion"], "opinion"),
    ],
)
def test_a_record_of_several_items_is_never_stamped_more_certain_than_its_least(statuses, expected):
    # Seed 003 principles: "clearly distinguish between fact and opinion".
    assert InformationStatus.least_certain(statuses) == expected


# --- Old values mapped onto the catalogue --------------------------------------------


def test_old_channels_are_mapped_onto_the_catalogue(world, decision):
    migration = importlib.import_module("sharing.migrations.0020_channels_to_catalogue")
    old = {}
    for value in ("moveit", "verbal", "phone", "secure_email"):
        disclosure = _share(world, decision)
        Disclosure.objects.filter(pk=disclosure.pk).update(channel=value)
        old[value] = disclosure.pk
    Organisation.objects.filter(pk=world.school_a.pk).update(secure_channel="moveit")

    migration.to_catalogue(apps, None)

    assert {value: Disclosure.objects.get(pk=pk).channel for value, pk in old.items()} == {
        "moveit": "secure_file_transfer",
        "verbal": "telephone",
        "phone": "telephone",
        "secure_email": "secure_email",
    }
    world.school_a.refresh_from_db()
    assert world.school_a.secure_channel == "secure_file_transfer"
    # A spoken share recorded before the catalogue is flagged like a new one.
    assert selectors.decisions_to_confirm_in_writing(world.worker).exists()
