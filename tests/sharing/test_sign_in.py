"""Signing in: password, then a second factor on every page but sign-in; lockout."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sharing import services
from sharing.roles import Role

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _password_sign_in(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_anonymous_visitor_is_sent_to_sign_in():
    response = Client().get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_sign_in_page_is_served_to_anonymous_visitor():
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in" in response.content


@pytest.mark.parametrize(
    "url_name",
    ["home", "account", "password_change", "admin:index", "admin:sharing_organisation_changelist"],
)
def test_every_page_needs_the_second_factor_after_the_password(url_name):
    user = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True)
    services.backup_codes_issue(user)
    client = Client()
    assert _password_sign_in(client, user.username).status_code == 302

    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor"))


def test_a_backup_code_completes_sign_in_once_only():
    user = UserFactory(roles=[Role.UNIT_STAFF])
    code = services.backup_codes_issue(user)[0]
    client = Client()
    _password_sign_in(client, user.username)

    response = client.post(reverse("two_factor"), {"token": code, "next": reverse("home")})

    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert not StaticToken.objects.filter(token=code).exists()

    # The same code a second time, in a new session, is refused.
    again = Client()
    _password_sign_in(again, user.username)
    response = again.post(reverse("two_factor"), {"token": code})
    assert response.status_code == 200
    assert b"not accepted" in response.content
    assert again.get(reverse("home")).status_code == 302


def test_a_wrong_code_is_refused_with_a_message():
    user = UserFactory()
    services.backup_codes_issue(user)
    client = Client()
    _password_sign_in(client, user.username)

    response = client.post(reverse("two_factor"), {"token": "00000000"})

    assert response.status_code == 200
    assert b"That code was not accepted" in response.content
    assert client.get(reverse("home")).status_code == 302


def test_first_sign_in_enrols_an_authenticator_and_shows_backup_codes():
    user = UserFactory(roles=[Role.SCPO])
    client = Client()
    _password_sign_in(client, user.username)

    # No device yet: the second-factor step becomes the set-up page.
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
    assert b"<svg" in response.content  # the QR code to scan
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    response = client.post(reverse("two_factor_setup"), {"token": _current_code(device)})

    assert response.status_code == 200
    assert b"Your backup codes" in response.content
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=user).count() == services.BACKUP_CODE_COUNT
    assert client.get(reverse("home")).status_code == 200


def test_enrolment_with_a_wrong_code_leaves_the_authenticator_unconfirmed():
    user = UserFactory()
    client = Client()
    _password_sign_in(client, user.username)
    client.get(reverse("two_factor_setup"))

    response = client.post(reverse("two_factor_setup"), {"token": "123456x"})

    assert response.status_code == 200
    assert b"digits only" in response.content
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_second_factor_does_not_redirect_off_site():
    user = UserFactory()
    code = services.backup_codes_issue(user)[0]
    client = Client()
    _password_sign_in(client, user.username)

    response = client.post(reverse("two_factor"), {"token": code, "next": "https://evil.example/"})

    assert response.url == reverse("home")


def test_sign_out_ends_the_session():
    user = UserFactory()
    code = services.backup_codes_issue(user)[0]
    client = Client()
    _password_sign_in(client, user.username)
    client.post(reverse("two_factor"), {"token": code})

    client.post(reverse("logout"))

    assert client.get(reverse("home")).status_code == 302


def test_admin_sign_in_goes_through_the_registers_sign_in():
    response = Client().get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))


class TestLockout:
    LIMIT = 5

    def _fail(self, client: Client, username: str, times: int, **extra) -> None:
        for _ in range(times):
            _password_sign_in(client, username, password="wrong password", **extra)

    def test_repeated_failures_lock_the_username_from_that_address(self):
        user = UserFactory()
        client = Client()
        self._fail(client, user.username, self.LIMIT)

        response = _password_sign_in(client, user.username)  # the right password, too late

        assert response.status_code == 429
        assert b"Signing in is paused" in response.content
        assert client.get(reverse("home")).status_code == 302

    def test_failures_below_the_limit_do_not_lock(self):
        user = UserFactory()
        client = Client()
        self._fail(client, user.username, self.LIMIT - 1)

        assert _password_sign_in(client, user.username).status_code == 302

    def test_lockout_is_keyed_on_username_and_address_together(self):
        victim, other = UserFactory(), UserFactory()
        self._fail(Client(), victim.username, self.LIMIT, REMOTE_ADDR="203.0.113.9")

        # The same person from their own desk is not locked out by an attacker elsewhere...
        assert (
            _password_sign_in(Client(), victim.username, REMOTE_ADDR="198.51.100.1").status_code
            == 302
        )
        # ...and the attacker's address is not blocked for other accounts.
        assert (
            _password_sign_in(Client(), other.username, REMOTE_ADDR="203.0.113.9").status_code
            == 302
        )

    @override_settings(
        AXES_IPWARE_PROXY_COUNT=1,
        AXES_IPWARE_META_PRECEDENCE_ORDER=["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
    )
    def test_behind_a_proxy_the_client_address_is_taken_from_x_forwarded_for(self):
        user = UserFactory()
        proxy = "10.0.0.2"
        self._fail(
            Client(),
            user.username,
            self.LIMIT,
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="203.0.113.9, " + proxy,
        )

        locked = _password_sign_in(
            Client(), user.username, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9, " + proxy
        )
        other_client = _password_sign_in(
            Client(),
            user.username,
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="198.51.100.7, " + proxy,
        )

        assert locked.status_code == 429
        # Everyone behind the same proxy is not locked out together.
        assert other_client.status_code == 302
