"""Create and find seminars, and check facilitator keys."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from seminar.domain.codes import new_join_code, normalise_join_code
from seminar.domain.errors import InvalidInput, NotFound
from seminar.domain.kit import Kit, Question
from seminar.domain.kit_parser import LANGUAGES
from seminar.domain.messages import N_
from seminar.domain.programme import Programme
from seminar.services.events import LanguageChanged, SeminarDeleted
from seminar.services.kits import load_kit
from seminar.services.logins import end_other_logins
from seminar.store import SeminarRecord, Store

_CODE_ATTEMPTS = 20


@dataclass(frozen=True)
class Seminar:
    record: SeminarRecord
    kit: Kit
    programme: Programme

    @property
    def code(self) -> str:
        return self.record.code

    @property
    def language(self) -> str:
        """The language of the seminar's screens: the facilitator's choice, else the kit's."""
        return self.record.language or self.kit.language


def new_facilitator_key() -> str:
    return secrets.token_urlsafe(18)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_seminar(store: Store, kit_name: str, kit_source: str, now: float, *,
                   is_default: bool = False) -> tuple[Seminar, str]:
    """Create a seminar from kit text; return it with its facilitator key (shown only now)."""
    kit = load_kit(kit_source, kit_name)
    key = new_facilitator_key()
    with store.write():
        record = _insert_seminar(store, kit, kit_name, kit_source, key, now, is_default)
    return _seminar(store, record), key


def _insert_seminar(store: Store, kit: Kit, kit_name: str, kit_source: str, key: str,
                    now: float, is_default: bool) -> SeminarRecord:
    return store.seminars.insert(
        code=unused_code(store), title=kit.title, kit_name=kit_name, kit_source=kit_source,
        facilitator_key_hash=hash_key(key), is_default=is_default, created_at=now,
        durations=[block.duration for block in kit.blocks], language=kit.language)


def ensure_default_seminar(store: Store, kit_name: str, kit_source: str, now: float
                           ) -> tuple[Seminar, str | None]:
    """Return the default seminar, creating it from the default kit when there is none (the
    first start, or after it was deleted), with its facilitator key if it is new (a new key
    every time: a deleted seminar's key never opens its successor). Several processes of one
    instance starting at once make one default seminar: the check and the insert are one
    write."""
    with store.read():
        record = store.seminars.default()
    if record is not None:
        return find_seminar(store, record.code), None
    kit = load_kit(kit_source, kit_name)
    key: str | None = new_facilitator_key()
    with store.write():
        record = store.seminars.default()
        if record is None:
            assert key is not None
            record = _insert_seminar(store, kit, kit_name, kit_source, key, now, True)
        else:  # another process made it meanwhile
            key = None
    return _seminar(store, record), key


def replace_facilitator_key(store: Store, seminar: Seminar, keep_login: str | None
                            ) -> tuple[Seminar, str]:
    """Give the seminar a new facilitator key (the old one stops working) and end every
    facilitator login of it but ``keep_login`` (the browser that asked); return the seminar
    and its new key, shown only now."""
    key = new_facilitator_key()
    with store.write():
        current_record(store, seminar)
        store.seminars.set_facilitator_key_hash(seminar.record.id, hash_key(key))
        end_other_logins(store, seminar.record.id, keep_login)
        changed = _seminar(store, current_record(store, seminar))
    return changed, key


def find_default_seminar(store: Store) -> Seminar | None:
    with store.read():
        record = store.seminars.default()
        return None if record is None else _seminar(store, record)


def find_seminar(store: Store, code: object) -> Seminar:
    """Return the seminar with join code ``code`` (as typed); raise ``NotFound``."""
    canonical = normalise_join_code(code)
    if canonical is None:
        raise NotFound()
    with store.read():
        record = store.seminars.by_code(canonical)
        if record is None:
            raise NotFound()
        return _seminar(store, record)


def list_seminars(store: Store) -> list[SeminarRecord]:
    with store.read():
        return store.seminars.all()


def delete_seminar(store: Store, seminar: Seminar, confirmation: object) -> SeminarDeleted:
    """Delete ``seminar`` with its groups, answers, priorities, themes and facilitator logins.

    ``confirmation`` is the join code as the facilitator typed it, so that a slip of the mouse
    cannot delete a seminar. Nothing of it is kept: there is no undo.
    """
    if normalise_join_code(confirmation) != seminar.code:
        raise InvalidInput(N_("Type the seminar's code, %(code)s, to confirm."),
                           code=seminar.code)
    with store.write():
        current_record(store, seminar)
        participants = tuple(p.id for p in store.groups.participants(seminar.record.id))
        store.seminars.delete(seminar.record.id)
    return SeminarDeleted(seminar.code, participants)


def set_seminar_language(store: Store, seminar: Seminar, language: object
                         ) -> tuple[Seminar, list[LanguageChanged]]:
    """Make ``language`` (nb, nn or en) the language of the seminar's screens; the caller has
    checked that the facilitator asks. Return the seminar as it is now."""
    if not isinstance(language, str) or language not in LANGUAGES:
        raise InvalidInput(N_("Choose bokmål, nynorsk or English."))
    with store.write():
        current_record(store, seminar)
        store.seminars.set_language(seminar.record.id, language)
        changed = _seminar(store, current_record(store, seminar))
    return changed, [LanguageChanged(changed.code, language)]


def kit_question(seminar: Seminar, question: object) -> Question:
    """The kit's question with id ``question``; ``InvalidInput`` if the kit has none."""
    found = seminar.kit.question(question)
    if found is None:
        raise InvalidInput(N_("There is no such question."))
    return found


def current_record(store: Store, seminar: Seminar) -> SeminarRecord:
    """The seminar's row as stored now (inside the caller's transaction); ``NotFound`` once the
    seminar has been deleted."""
    record = store.seminars.by_id(seminar.record.id)
    if record is None:
        raise NotFound()
    return record


def is_facilitator_key(seminar: Seminar, key: object) -> bool:
    if not isinstance(key, str) or not key or len(key) > 200:
        return False
    return hmac.compare_digest(hash_key(key), seminar.record.facilitator_key_hash)


def unused_code(store: Store) -> str:
    for _ in range(_CODE_ATTEMPTS):
        code = new_join_code()
        if not store.seminars.code_exists(code):
            return code
    raise RuntimeError("could not find an unused join code")  # 887 million codes: never


def _seminar(store: Store, record: SeminarRecord) -> Seminar:
    kit = load_kit(record.kit_source, record.kit_name)
    programme = Programme(kit.blocks, store.seminars.timers(record.id), record.current_block)
    return Seminar(record, kit, programme)
