"""argon2id hashing (OWASP parameters, NFKC, no truncation) and generated passwords."""

from __future__ import annotations

import os
import re
import threading
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import pytest
from argon2 import PasswordHasher, extract_parameters
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.domain.password_policy import (
    CHARACTER_TYPES,
    KNOB_BOUNDS,
    PasswordPolicy,
    _common_passwords,
    character_types,
    check_password,
    longest_run,
)
from app.errors import ValidationError
from app.security import passwords

# Each hash or verification of a real hash takes ~50 ms: keep hashing examples few.
HASHING = settings(max_examples=4, deadline=None)
LOOK_ALIKES = "0Oo1lI"
USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")

# Pairs of different strings with the same NFKC form (fullwidth, ligature, composed
# and decomposed accents, compatibility digits, no-break space, roman numeral).
NFKC_TWINS = [
    ("ｐ", "p"),
    ("Ａ", "A"),
    ("ﬁ", "fi"),
    ("é", "e\u0301"),
    ("Å", "A\u030a"),
    ("²", "2"),
    ("\u00a0", " "),
    ("Ⅻ", "XII"),
    ("㎏", "kg"),
]
# Plain characters around the twins, so a password is more than its twins.
PLAIN = st.text(alphabet="abcXYZ789 #-", max_size=3)


@st.composite
def nfkc_twins(draw: st.DrawFn) -> tuple[str, str]:
    """Two different spellings of one password, equal after NFKC."""
    pieces = draw(st.lists(st.sampled_from(NFKC_TWINS), min_size=1, max_size=6))
    first, second = [], []
    for twin in pieces:
        plain = draw(PLAIN)
        swap = draw(st.booleans())
        first.append(plain + twin[swap])
        second.append(plain + twin[not swap])
    return "".join(first), "".join(second)


def test_hashes_are_argon2id_at_owasp_parameters_or_stronger() -> None:
    stored = passwords.hash_password("Fenced-Owl-Lantern-3")
    assert stored.startswith("$argon2id$v=19$")
    parameters = extract_parameters(stored)
    assert parameters.memory_cost >= 47104  # OWASP: 46 MiB with t=1, p=1
    assert parameters.time_cost >= 1 and parameters.parallelism >= 1
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (
        passwords.MEMORY_COST_KIB,
        passwords.TIME_COST,
        passwords.PARALLELISM,
    )
    assert parameters.salt_len >= 16 and parameters.hash_len >= 32
    assert "Fenced-Owl-Lantern-3" not in stored
    assert passwords.verify_password(stored, "Fenced-Owl-Lantern-3")
    assert not passwords.verify_password(stored, "fenced-owl-lantern-3")
    assert not passwords.needs_rehash(stored)


def test_the_same_password_hashes_differently_each_time() -> None:
    first, second = (passwords.hash_password("Quiet-Harbour-71") for _ in range(2))
    assert first != second  # a fresh salt each time


@given(st.sampled_from([64, 200]), st.data())
@HASHING
def test_long_passwords_are_accepted_and_never_truncated(length: int, data: st.DataObject) -> None:
    text = st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
        min_size=length,
        max_size=length,
    )
    password = (passwords.normalize_password(data.draw(text)) + "x" * length)[:length]
    assume(passwords.normalize_password(password) == password)
    check_password(
        PasswordPolicy(check_blocklist=False, forbid_username=False), password, username="alice"
    )
    stored = passwords.hash_password(password)
    assert passwords.verify_password(stored, password)
    position = data.draw(
        st.sampled_from([length // 2, length - 1] + ([99] if length > 100 else []))
    )
    other = "x" if password[position] != "x" else "y"
    changed = password[:position] + other + password[position + 1 :]
    assert not passwords.verify_password(stored, changed)


def test_a_password_differing_only_in_its_100th_character_fails() -> None:
    password = ("correct horse battery staple " * 7)[:200]
    stored = passwords.hash_password(password)
    assert passwords.verify_password(stored, password)
    assert not passwords.verify_password(stored, password[:99] + "X" + password[100:])
    assert not passwords.verify_password(stored, password + " ")
    assert not passwords.verify_password(stored, password[:199])


@given(nfkc_twins())
@HASHING
def test_nfkc_equivalent_passwords_verify_against_each_others_hash(twins: tuple[str, str]) -> None:
    first, second = twins
    assert first != second
    stored = passwords.hash_password(first)
    assert passwords.verify_password(stored, second)
    assert not passwords.verify_password(stored, second + "!")


@given(st.text(max_size=40))
def test_normalize_is_nfkc_idempotent_and_never_shortens_by_truncation(text: str) -> None:
    normalized = passwords.normalize_password(text)
    assert normalized == unicodedata.normalize("NFKC", text)
    assert passwords.normalize_password(normalized) == normalized


@given(st.text(max_size=120), st.text(max_size=20))
def test_verify_never_raises_on_an_unreadable_hash(stored: str, password: str) -> None:
    assert passwords.verify_password(stored, password) is False
    assert passwords.needs_rehash(stored) is True


def test_verify_returns_false_for_damaged_or_odd_hashes() -> None:
    stored = passwords.hash_password("Spare-Kettle-88")
    salt, digest = stored.split("$")[-2:]
    damaged = [
        stored[:-4] + ("AAAA" if not stored.endswith("AAAA") else "BBBB"),  # another digest
        stored.replace("$argon2id$", "$argon2i$"),  # another variant, same digest
        stored + "é",  # not ASCII
        f"$argon2id$v=19$m=1,t=1,p=1${salt}${digest}",  # parameters argon2 refuses
        "$argon2id$",
    ]
    for bad in damaged:
        assert passwords.verify_password(bad, "Spare-Kettle-88") is False
    assert passwords.verify_password(stored, "\ud800") is False  # a lone surrogate


def test_hashes_made_with_weaker_parameters_need_rehash() -> None:
    weak = PasswordHasher(memory_cost=8192, time_cost=1, parallelism=1).hash("Old-Hash-42")
    assert passwords.verify_password(weak, "Old-Hash-42")  # still signs in...
    assert passwords.needs_rehash(weak)  # ...and is upgraded then


class _CountingHasher:
    """Stands in for argon2: each call takes a while and notes how many run at once."""

    def __init__(self) -> None:
        self.running = self.most = 0
        self._lock = threading.Lock()

    def _work(self) -> None:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.03)
        with self._lock:
            self.running -= 1

    def hash(self, password: str) -> str:
        self._work()
        return "$argon2id$stand-in"

    def verify(self, stored: str, password: str) -> bool:
        self._work()
        return True


def test_no_more_hashes_run_at_once_than_there_are_cores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counting = _CountingHasher()
    monkeypatch.setattr(passwords, "_hasher", lambda: counting)
    calls = 4 * passwords.HASHING_AT_ONCE
    with ThreadPoolExecutor(calls) as pool:
        done = [pool.submit(passwords.hash_password, "Quiet-Harbour-31") for _ in range(calls)]
        done += [pool.submit(passwords.verify_password, "x", "Quiet-Harbour-31")
                 for _ in range(calls)]  # fmt: skip
        results = [future.result() for future in done]
    assert results.count(True) == calls
    assert counting.most == passwords.HASHING_AT_ONCE  # every core is used, and no more
    assert passwords.HASHING_AT_ONCE == len(os.sched_getaffinity(0))


def test_a_password_that_is_not_valid_text_is_refused_clearly() -> None:
    with pytest.raises(ValidationError, match="not valid text") as caught:
        passwords.hash_password("Half\ud800Pair-9")
    assert caught.value.field == "password" and "\ud800" not in str(caught.value)


@given(st.integers(passwords.MIN_GENERATED_LENGTH, passwords.MAX_GENERATED_LENGTH))
@settings(max_examples=150)
def test_generated_passwords_have_every_type_and_no_look_alikes(length: int) -> None:
    password = passwords.generate_password(length)
    assert len(password) == length == len(passwords.normalize_password(password))
    assert character_types(password) == set(CHARACTER_TYPES)
    assert not set(password) & set(LOOK_ALIKES)
    assert longest_run(password) == 1
    assert password[0].isalpha() and password[-1].isalpha()


@given(
    st.integers(KNOB_BOUNDS["min_length"][0], passwords.MAX_GENERATED_LENGTH),
    st.integers(0, 64),
    st.integers(KNOB_BOUNDS["min_char_types"][0], KNOB_BOUNDS["min_char_types"][1]),
    st.integers(0, KNOB_BOUNDS["max_repeated_chars"][1]),
    st.from_regex(USER_NAME, fullmatch=True),
)
@settings(max_examples=200)
def test_generated_passwords_pass_every_policy_that_allows_their_length(
    length: int, slack: int, char_types: int, repeats: int, name: str
) -> None:
    lowest, highest = KNOB_BOUNDS["min_length"]
    top = min(length, highest)
    policy = PasswordPolicy(
        min_length=top - min(slack, top - lowest),
        max_length=max(length, KNOB_BOUNDS["max_length"][0]),
        min_char_types=char_types,
        max_repeated_chars=repeats,
        history=0,
    )
    password = passwords.generate_password(length, avoid=(name, "acme", "iamdesk"))
    check_password(policy, password, username=name, context_words=("acme", "iamdesk"))


@given(st.text(alphabet="abcdefgxyzABC234#", min_size=1, max_size=12))
@settings(max_examples=100)
def test_generated_passwords_avoid_the_given_words_and_their_reverse(word: str) -> None:
    password = passwords.generate_password(8, avoid=(word,)).lower()
    for text in (word.lower(), word.lower()[::-1]):
        assert all(text[i : i + 3] not in password for i in range(len(text) - 2))


def test_long_generated_passwords_avoid_a_word_covering_many_pieces() -> None:
    # Without the avoid rule about one in three of these passwords would hold a piece.
    word = passwords.GENERATED_LOWER
    pieces = {t[i : i + 3] for t in (word, word[::-1]) for i in range(len(t) - 2)}
    for _ in range(30):
        password = passwords.generate_password(256, avoid=(word.upper(),)).lower()
        assert not [p for p in pieces if p in password]


def test_generated_passwords_are_not_repeated() -> None:
    made = {passwords.generate_password() for _ in range(500)}
    assert len(made) == 500
    assert all(len(p) == passwords.DEFAULT_GENERATED_LENGTH for p in made)


@pytest.mark.parametrize(
    "length", [passwords.MIN_GENERATED_LENGTH - 1, passwords.MAX_GENERATED_LENGTH + 1, 0]
)
def test_generating_a_length_out_of_range_is_refused(length: int) -> None:
    with pytest.raises(ValueError, match=f"asked for {length}"):
        passwords.generate_password(length)


def test_generated_symbols_appear_in_no_common_password() -> None:
    # Why a generated password can never be on the list, even with digits or symbols
    # stripped from its ends: it has letters at both ends and one of these symbols.
    common = _common_passwords()
    assert len(common) > 20000
    assert not [word for word in common if set(word) & set(passwords.GENERATED_SYMBOLS)]
    assert not set(passwords.GENERATED_SYMBOLS) & set(LOOK_ALIKES)
