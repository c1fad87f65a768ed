"""The rules behind the abuse limits and the web form's check, without AWS."""
from __future__ import annotations

import hashlib

import pytest

from chalicelib.domain import challenges
from chalicelib.domain.limits import Limit, client_hash, limits, normalized_username, window


def test_a_window_is_fixed_and_says_how_long_until_it_ends():
    per_hour = Limit("reports", 20, 3600)
    early, late = window(per_hour, "abc", 7200.5), window(per_hour, "abc", 10799.9)

    assert early == late  # one counter for the whole hour
    assert early.counter_key == "reports#abc#7200"
    assert early.retry_after(7200.5) == 3600 and late.retry_after(10799.9) == 1
    assert window(per_hour, "abc", 10800).counter_key == "reports#abc#10800"


def test_a_stage_changes_a_limit_and_cannot_name_one_that_does_not_exist():
    changed = limits({"reports": {"count": 40}})

    assert changed["reports"] == Limit("reports", 40, limits()["reports"].window_seconds)
    assert changed["login"] == limits()["login"]
    with pytest.raises(ValueError):
        limits({"reprots": {"count": 40}})


def test_clients_are_hashed_with_a_key_and_usernames_in_one_case():
    address = "198.51.100.7"

    assert client_hash("one", "address", address) != client_hash("two", "address", address)
    assert client_hash("one", "address", address) != hashlib.sha256(address.encode()).hexdigest()
    assert normalized_username(" Admin.Nasional ") == normalized_username("admin.nasional")


def test_a_challenge_reads_back_only_as_signed():
    challenge = challenges.Challenge("0123456789abcdef0123456789abcdef", 1_900_000_000, 16)
    token = challenges.sign("secret", challenge)

    assert challenges.read("secret", token) == challenge
    assert challenges.read("other secret", token) is None
    assert challenges.read("secret", token.replace(".16.", ".8.")) is None
    assert challenges.read("secret", "not.a.challenge") is None


def test_a_solution_needs_the_leading_zero_bits_and_a_plain_nonce():
    assert challenges.leading_zero_bits(bytes([0, 0, 0b00010000]) + bytes(29)) == 19
    token = "challenge"
    nonce = next(str(n) for n in range(10**6)
                 if challenges.leading_zero_bits(hashlib.sha256(f"{token}{n}".encode()).digest()) == 8)

    assert challenges.is_solved(token, nonce, 8)
    assert not challenges.is_solved(token, nonce, 9)
    assert not challenges.is_solved(token, f"{nonce}!", 0)
