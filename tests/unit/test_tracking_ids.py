from chalicelib.domain import tracking
from chalicelib.domain.routing import enclosing_regions, has_authority


def test_tracking_ids_are_short_readable_and_carry_a_check_symbol():
    tracking_id = tracking.new_tracking_id()
    assert len(tracking_id) == 11 and tracking_id[5] == "-"
    assert set(tracking_id.replace("-", "")) <= set(tracking.ALPHABET)
    assert not set("01ILOU") & set(tracking_id)
    assert tracking.normalize_tracking_id(tracking_id) == tracking_id


def test_tracking_ids_do_not_follow_a_sequence():
    ids = {tracking.new_tracking_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert len({tracking_id[:4] for tracking_id in ids}) > 500


def test_an_id_read_out_in_lower_case_or_without_the_hyphen_is_understood():
    assert tracking.normalize_tracking_id("k7m2q x9t4q") == "K7M2Q-X9T4Q"
    assert tracking.normalize_tracking_id("K7M2QX9T4Q") == "K7M2Q-X9T4Q"


def test_every_single_misheard_symbol_is_caught_by_the_check_symbol():
    valid = "K7M2QX9T4Q"
    for position in range(len(valid)):
        for symbol in tracking.ALPHABET:
            if symbol != valid[position]:
                mistaken = valid[:position] + symbol + valid[position + 1:]
                assert tracking.normalize_tracking_id(mistaken) is None, mistaken


def test_swapped_neighbours_are_caught():
    valid = "K7M2QX9T4Q"
    for position in range(len(valid) - 1):
        swapped = valid[:position] + valid[position + 1] + valid[position] + valid[position + 2:]
        if swapped != valid:
            assert tracking.normalize_tracking_id(swapped) is None, swapped


def test_access_tokens_are_random_and_only_their_hash_matches():
    token = tracking.new_access_token()
    assert token != tracking.new_access_token() and len(token) >= 43
    stored = tracking.hash_secret(token)
    assert stored != token
    assert tracking.token_matches(token, stored)
    assert not tracking.token_matches(token + "x", stored)


def test_an_idempotent_retry_recovers_the_same_token_only_with_the_same_key():
    first = tracking.access_token_for_idempotent_request("client-key-0001", "nonce")
    assert first == tracking.access_token_for_idempotent_request("client-key-0001", "nonce")
    assert first != tracking.access_token_for_idempotent_request("client-key-0002", "nonce")


def test_agencies_have_authority_in_their_region_and_inside_it_national_ones_everywhere():
    assert has_authority("21.72", "21.72")
    assert has_authority("21", "21.72")
    assert has_authority("ID", "64.08")
    assert not has_authority("61.71", "21.72")
    assert not has_authority("2", "21.72")


def test_coordinators_are_looked_for_from_the_region_outwards():
    assert enclosing_regions("21.72") == ["21.72", "21", "ID"]
