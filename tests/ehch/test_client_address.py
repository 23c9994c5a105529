"""The client's real address: X-Forwarded-For believed only from TRUSTED_PROXIES."""

import re
from pathlib import Path

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from ehch.client_address import client_address, parse_address, trusted_proxies_check

REPO = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.2"
INNER_PROXY = "10.0.0.3"


def _request(rf, remote_addr=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **extra)


def test_with_no_proxies_configured_the_header_is_ignored(rf):
    request = _request(rf, forwarded="198.51.100.1")
    assert client_address(request) == PROXY


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_through_a_trusted_proxy_the_address_it_forwarded_for_is_the_client(rf):
    assert client_address(_request(rf, forwarded="198.51.100.1")) == "198.51.100.1"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_the_last_untrusted_hop_wins_over_what_the_client_wrote_to_its_left(rf):
    # The client sent "X-Forwarded-For: 192.0.2.66, 10.0.0.9" itself; our proxy
    # appended the address it really saw.
    request = _request(rf, forwarded="192.0.2.66, 10.0.0.9, 198.51.100.1")
    assert client_address(request) == "198.51.100.1"


@override_settings(TRUSTED_PROXIES=["10.0.0.2"])
def test_a_header_from_an_untrusted_address_is_ignored(rf):
    request = _request(rf, remote_addr="203.0.113.9", forwarded="198.51.100.1")
    assert client_address(request) == "203.0.113.9"
    # Naming the trusted proxy in the forged header does not help either.
    request = _request(rf, remote_addr="203.0.113.9", forwarded="1.2.3.4, 10.0.0.2")
    assert client_address(request) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=[PROXY, INNER_PROXY])
def test_a_chain_of_trusted_proxies_is_walked_to_the_first_hop_that_is_not_ours(rf):
    # Client -> CDN edge (untrusted, public) -> 10.0.0.3 -> 10.0.0.2 -> us.
    request = _request(rf, forwarded=f"198.51.100.1, 192.0.2.10, {INNER_PROXY}")
    assert client_address(request) == "192.0.2.10"
    # Two X-Forwarded-For headers arrive joined with a comma, in order.
    request = _request(rf, forwarded=f"198.51.100.1,{INNER_PROXY}")
    assert client_address(request) == "198.51.100.1"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_only_trusted_hops_in_the_header_leave_the_leftmost_of_them(rf):
    request = _request(rf, forwarded=f"{INNER_PROXY}")
    assert client_address(request) == INNER_PROXY


@override_settings(TRUSTED_PROXIES=["fd00::/8", "10.0.0.0/24"])
def test_ipv6_proxies_and_clients(rf):
    request = _request(rf, remote_addr="fd00::2", forwarded="2001:DB8::0:1")
    assert client_address(request) == "2001:db8::1"
    # An IPv4 client behind an IPv6 proxy, written either way, is one address.
    request = _request(rf, remote_addr="fd00::2", forwarded="::ffff:198.51.100.1")
    assert client_address(request) == "198.51.100.1"
    request = _request(rf, remote_addr="::ffff:10.0.0.2", forwarded="198.51.100.1")
    assert client_address(request) == "198.51.100.1"
    request = _request(rf, remote_addr="2001:db8::9", forwarded="198.51.100.1")
    assert client_address(request) == "2001:db8::9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_ports_and_brackets_that_proxies_add_are_understood(rf):
    assert client_address(_request(rf, forwarded="198.51.100.1:5123")) == (
        "198.51.100.1"
    )
    assert client_address(_request(rf, forwarded="[2001:db8::1]:443")) == (
        "2001:db8::1"
    )


@pytest.mark.parametrize(
    "forwarded",
    [
        "",
        ",",
        "unknown",
        "not an address",
        "198.51.100.1, <script>",
        "999.1.1.1",
        "1" * 5000,
        "198.51.100.1,\x00",
        "_hidden, 198.51.100.1, , ",
    ],
)
@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_garbage_in_the_header_falls_back_to_the_proxy_without_an_error(rf, forwarded):
    # An entry that is not an address stops the walk at the hop that passed it.
    assert client_address(_request(rf, forwarded=forwarded)) == PROXY


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_garbage_left_of_the_real_client_is_never_read(rf):
    request = _request(rf, forwarded="garbage, 198.51.100.1")
    assert client_address(request) == "198.51.100.1"


@pytest.mark.parametrize("remote_addr", ["", "unix:/run/ehch.sock", "garbage"])
def test_no_usable_peer_address_is_none(rf, remote_addr):
    assert client_address(_request(rf, remote_addr=remote_addr)) is None


def test_parse_address_normalises_what_it_accepts():
    assert parse_address(" 2001:DB8::1 ") == parse_address("2001:db8:0::1")
    assert str(parse_address("fe80::1%eth0")) == "fe80::1"
    assert parse_address(None) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["10.0.0.1/8"], "has host bits set; the network is 10.0.0.0/8"),
        (["proxy.internal"], "is not an IP address or a network"),
        ("10.0.0.1", "must be a list of addresses or networks"),
    ],
)
def test_manage_py_check_names_a_bad_trusted_proxies_setting(value, message):
    with override_settings(TRUSTED_PROXIES=value):
        errors = trusted_proxies_check()
    assert [e.id for e in errors] == ["ehch.E010"]
    assert message in errors[0].msg
    assert errors[0].level == checks.ERROR


def test_manage_py_check_warns_when_every_address_is_trusted():
    with override_settings(TRUSTED_PROXIES=["0.0.0.0/0"]):
        assert [e.id for e in trusted_proxies_check()] == ["ehch.W010"]
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "fd00::/8"]):
        assert trusted_proxies_check() == []


@override_settings(TRUSTED_PROXIES=["not-an-address"])
def test_a_bad_setting_is_a_configuration_error_not_a_quiet_fallback(rf):
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        client_address(_request(rf, forwarded="198.51.100.1"))


def test_the_variable_is_read_as_addresses_and_networks(run_manage):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.TRUSTED_PROXIES)",
        env={"TRUSTED_PROXIES": " 10.0.0.0/8, 192.0.2.7 ,FD00::/8,"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "['10.0.0.0/8', '192.0.2.7/32', 'fd00::/8']"
    )


SOURCE_FOLDERS = ["site", "cms", "casestudies", "search", "forum"]
# The keys as code reads them (quoted); docs and comments may name them.
READS_THE_ADDRESS = re.compile(
    r"""["'](REMOTE_ADDR|HTTP_X_FORWARDED_FOR|X-Forwarded-For)["']""", re.I
)


def test_nothing_but_client_address_reads_the_peer_address_or_the_header():
    """Every limit, the lock-out and the sign-in records go through one function."""
    allowed = {REPO / "site/ehch/client_address.py"}
    readers = [
        f"{path.relative_to(REPO)}:{number}"
        for folder in SOURCE_FOLDERS
        for path in sorted((REPO / folder).rglob("*.py"))
        if path not in allowed and "node_modules" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if READS_THE_ADDRESS.search(line)
    ]
    assert readers == []
