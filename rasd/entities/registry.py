"""The entity table: cross-article resolution, incremental, with analysts' overrides.

Each article's mentions arrive already resolved inside the article
(``resolve.link``: a bare surname is the full name the article introduced),
so an article brings a few *clusters*, one per name it mentions.  Each
cluster is matched against the entities seen so far: candidates come from
an index on the name's key and on its first and last words, and
``names.decide`` scores each (name structure, roles, company); the best
positive score wins, otherwise the cluster starts a new entity.  Nothing
already decided is revisited, so ingesting more articles only adds to the
table and entity ids never change.  ``rebuild`` replays every stored
article in the store's order through the same steps, so it reproduces the
incremental result (ids included).

Overrides (``merge``, ``split``, ``rename``) are stored apart and applied
as *pins*: a name key pinned to an entity always goes there, whatever the
matcher thinks, in later ingests and in rebuilds alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rasd.model import stable_hash

from .names import Profile, decide, strip_clitic
from .resolve import ARABIC_NAMES, entity_key, name_tokens, token_key

_MAX_NAMES = 12      # distinct full names kept per entity for matching
_MAX_ROLES = 12
_MAX_CONTEXT = 40
_CROWDED = 12       # entities sharing a family name beyond which it says little about who is meant
_MAX_BLOCK = 80      # a first name shared by more entities than this is no help in finding candidates


@dataclass
class Record:
    entity_id: str
    type: str
    key: str
    ord: int
    names: Counter = field(default_factory=Counter)      # full forms as written (titles dropped)
    aliases: Counter = field(default_factory=Counter)    # every mention as written
    roles: Counter = field(default_factory=Counter)
    context: Counter = field(default_factory=Counter)    # keys of entities seen in the same articles
    tokens: list[list[str]] = field(default_factory=list)  # normalised names, for matching
    mention_count: int = 0
    article_count: int = 0
    rename: str | None = None
    _profile: Profile | None = field(default=None, repr=False, compare=False)

    @property
    def name(self) -> str:
        """The analyst's name if any, else the most frequent full form (several words before one)."""
        return self.rename or self.written_name

    @property
    def written_name(self) -> str:
        if not self.names:
            return next(iter(self.aliases), "")
        return max(self.names.items(), key=lambda kv: (len(kv[0].split()) > 1, kv[1], kv[0]))[0]

    def profile(self) -> Profile:
        if self._profile is None:  # kept until the record changes: matching asks for it often
            # the names that carry the entity (a tenth of its mentions, at least two): a tagger's slip repeated
            # twice (سلمان بن عبدالعزيز سدد الله) is no name to veto others with
            floor = max(2, sum(self.names.values()) // 10)
            firm = [name_tokens(n) for n, c in self.names.items() if c >= floor or n == self.written_name]
            self._profile = Profile(self.type, self.tokens, [r for r, _ in self.roles.most_common(_MAX_ROLES)],
                                    {k for k, _ in self.context.most_common(_MAX_CONTEXT)}, firm=firm)
        return self._profile

    def add(self, items: list[dict], context: Iterable[str], new_article: bool) -> None:
        self._profile = None
        for m in items:
            self.aliases[m["text"]] += 1
            full = m.get("canonical") or m["text"]
            self.names[full] += 1
            toks = name_tokens(full)
            if toks and toks not in self.tokens and len(self.tokens) < _MAX_NAMES:
                self.tokens.append(toks)
            if m.get("role"):
                self.roles[m["role"]] += 1
        self.context.update(sorted(set(context)))  # sorted: set order differs between processes, ties must not
        if len(self.context) > _MAX_CONTEXT:
            # the company an entity keeps most; pruned as stored, so a table reloaded from the
            # store decides exactly as the one kept in memory (rebuild = incremental)
            self.context = Counter(dict(self.context.most_common(_MAX_CONTEXT)))
        self.mention_count += len(items)
        self.article_count += bool(new_article)

    def to_row(self) -> dict[str, Any]:
        ctx = dict(self.context.most_common(_MAX_CONTEXT))
        return {"entity_id": self.entity_id, "type": self.type, "key": self.key, "name": self.name,
                "mention_count": self.mention_count, "article_count": self.article_count, "ord": self.ord,
                "data": {"names": dict(self.names), "aliases": dict(self.aliases), "roles": dict(self.roles),
                         "context": ctx, "tokens": self.tokens, "rename": self.rename}}

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> Record:
        d = r["data"]
        return cls(r["entity_id"], r["type"], r["key"], r["ord"], Counter(d.get("names", {})),
                   Counter(d.get("aliases", {})), Counter(d.get("roles", {})), Counter(d.get("context", {})),
                   [list(t) for t in d.get("tokens", [])], r["mention_count"], r["article_count"], d.get("rename"))

    def export(self) -> dict[str, Any]:
        """The export-entities object."""
        return {"entity_id": self.entity_id, "name": self.name, "type": self.type,
                "aliases": sorted(set(self.aliases) | set(self.names)),
                "roles": [r for r, _ in self.roles.most_common(_MAX_ROLES)],
                "mention_count": self.mention_count, "article_count": self.article_count}


def form_pin(type_: str, form: str) -> str:
    """A pin on one written form of a name (normalised), as opposed to a pin on its key."""
    return f"form:{type_}:{form}"


def _forms(members: list[dict]) -> list[str]:
    """Form pins a cluster answers to: each full name and each mention as written (normalised)."""
    out: list[str] = []
    for m in members:
        for x in (m.get("canonical") or m["text"], m["text"]):
            f = form_pin(m["type"], " ".join(name_tokens(x)))
            if f not in out:
                out.append(f)
    return out


def cluster_key(item: dict) -> str:
    """The key of the article-level name a mention stands for."""
    return entity_key(item["type"], " ".join(name_tokens(item.get("canonical") or item["text"])))


class Registry:
    """Entities in memory, with the indexes that find candidates; ``flush`` writes what changed."""

    def __init__(self, records: Iterable[Record] = (), overrides: Iterable[dict] = ()) -> None:
        self.records: dict[str, Record] = {}
        self.by_key: dict[str, list[str]] = {}
        self.by_token: dict[str, set[str]] = {}
        self.pins: dict[str, str] = {}
        self.renames: dict[str, str] = {}
        self.dirty: set[str] = set()
        self.gone: set[str] = set()
        self._deleted: set[str] = set()
        for rec in records:
            self._put(rec)
        for ov in overrides:
            self.apply_override(ov)

    @classmethod
    def load(cls, store: Any) -> Registry:
        return cls((Record.from_row(r) for r in store.load_entities()), store.entity_overrides())

    # --- indexes ---------------------------------------------------------------
    def _put(self, rec: Record) -> None:
        self.records[rec.entity_id] = rec
        self._index(rec, rec.key)
        for toks in rec.tokens:
            self._index(rec, entity_key(rec.type, " ".join(toks)), toks)

    def _index(self, rec: Record, key: str, toks: list[str] | None = None) -> None:
        ids = self.by_key.setdefault(key, [])
        if rec.entity_id not in ids:
            ids.append(rec.entity_id)
        for tk in self._blocks(rec.type, toks or []):
            self.by_token.setdefault(tk, set()).add(rec.entity_id)

    @staticmethod
    def _blocks(type_: str, toks: list[str]) -> set[str]:
        """Index words: the last word of a name (a family name, the word that tells an organisation), and the
        first word of a foreign person's name (its family name may be the word spelled another way)."""
        if not toks:
            return set()
        out = {f"{type_}|{token_key(toks[-1])}"}
        if type_ == "PER" and len(toks) > 1 and toks[0] not in ARABIC_NAMES and not any(
                "~" in t or t.startswith(("بن", "ال")) for t in toks):
            out.add(f"{type_}|{token_key(toks[0])}")
        if type_ == "PER" and len(toks) > 1:
            out.add(f"{type_}|2|{token_key(toks[0])} {token_key(toks[1])}")  # سلمان بن عبدالعزيز [آل سعود]
        if len(toks) == 1:
            out.update(f"{type_}|{token_key(s)}" for s in strip_clitic(toks[0]))
        return out

    # --- overrides -------------------------------------------------------------
    def apply_override(self, ov: dict) -> None:
        op, eid, arg = ov["op"], ov["entity_id"], ov["arg"]
        if op == "merge":
            for k in arg.get("keys", []):
                self.pins[k] = eid
            for k, v in list(self.pins.items()):
                if v == arg.get("other"):
                    self.pins[k] = eid
        elif op == "split":
            self.pins[arg["key"]] = arg["new_id"]
            if arg.get("keep"):
                self.pins.setdefault(arg["keep"], eid)
        elif op == "rename":
            self.renames[eid] = arg["name"]
            if eid in self.records:
                self.records[eid].rename = arg["name"]
                self.dirty.add(eid)

    # --- resolution ------------------------------------------------------------
    def _new_id(self, key: str) -> str:
        eid = "E" + stable_hash(key, size=6)
        n = 1
        while eid in self.records or eid in self.gone:
            n += 1  # a namesake the context told apart: same key, another entity
            eid = "E" + stable_hash(key, f"#{n}", size=6)
        return eid

    def _create(self, eid: str, type_: str, key: str) -> Record:
        rec = Record(eid, type_, key, len(self.records) + len(self.gone), rename=self.renames.get(eid))
        self._put(rec)
        return rec

    def candidates(self, prof: Profile, key: str) -> list[str]:
        ids = list(self.by_key.get(key, []))
        for toks in prof.names:
            for tk in self._blocks(prof.type, toks):
                block = self.by_token.get(tk, ())
                if len(block) <= _MAX_BLOCK:
                    ids.extend(i for i in block if i not in ids)
        return ids

    def assign(self, items: list[dict]) -> list[dict]:
        """Give one article's resolved mentions their entity ids (updating the table); returns the items."""
        clusters: dict[str, list[dict]] = {}
        for m in items:
            clusters.setdefault(cluster_key(m), []).append(m)
        keys = set(clusters)
        taken: dict[str, str] = {}   # entity id → the cluster key that took it in this article
        for key, members in clusters.items():
            type_ = members[0]["type"]
            names = []
            for m in members:
                toks = name_tokens(m.get("canonical") or m["text"])
                if toks and toks not in names:
                    names.append(toks)
            company = {k for k in keys - {key} if not k.startswith("LOC:")}  # places are everyone's company
            crowded = frozenset(token_key(t[-1]) for t in names
                                if len(self.by_token.get(f"{type_}|{token_key(t[-1])}", ())) > _CROWDED)
            prof = Profile(type_, names, [m["role"] for m in members if m.get("role")], company, crowded)
            eid = next((self.pins[p] for p in _forms(members) + [key] if p in self.pins), None)
            if eid is None:
                best: tuple[float, int, int] | None = None
                for cid in self.candidates(prof, key):
                    rec = self.records[cid]
                    if rec.type != type_ or (cid in taken and taken[cid] != key):
                        continue  # two names in one article that the article kept apart stay apart
                    score = decide(prof, rec.profile())
                    if score > 0 and (best is None or (score, rec.mention_count, -rec.ord) > best[:3]):
                        best = (score, rec.mention_count, -rec.ord)
                        eid = cid
            rec = self.records.get(eid) if eid else None
            if rec is None:
                rec = self._create(eid or self._new_id(key), type_, key)
            new_article = rec.entity_id not in taken
            taken.setdefault(rec.entity_id, key)
            rec.add(members, company, new_article)
            # index exactly what a reload from the store indexes (the names kept), so that a table
            # loaded in a later run finds the same candidates as the one kept in memory
            for toks in names:
                if toks in rec.tokens:
                    self._index(rec, entity_key(type_, " ".join(toks)), toks)
            self.dirty.add(rec.entity_id)
            for m in members:
                m["entity_id"] = rec.entity_id
        return items

    def flush(self, store: Any) -> None:
        """Write the records that changed (and delete the ones merged away) through the store."""
        if self._deleted:
            store.delete_entities(sorted(self._deleted))
            self._deleted.clear()
        if self.dirty:
            store.save_entities(self.records[i].to_row() for i in sorted(self.dirty) if i in self.records)
        self.dirty.clear()

    def forget(self, eid: str) -> None:
        """Drop an entity (merged away): its id is not given out again."""
        rec = self.records.pop(eid, None)
        self.gone.add(eid)
        self._deleted.add(eid)
        self.dirty.discard(eid)
        if rec is None:
            return
        for ids in self.by_key.values():
            if eid in ids:
                ids.remove(eid)
        for ids in self.by_token.values():
            ids.discard(eid)

    def find(self, id_or_name: str) -> list[Record]:
        """Entities by id, else by any name or alias (any spelling with the same key)."""
        if id_or_name in self.records:
            return [self.records[id_or_name]]
        from .resolve import name_key

        key = name_key(id_or_name)
        if not key:
            return []
        hits = [r for r in self.records.values()
                if any(name_key(a) == key for a in list(r.names) + list(r.aliases)) or r.name == id_or_name]
        return sorted(hits, key=lambda r: -r.mention_count)

    def exports(self) -> list[dict[str, Any]]:
        out = [r.export() for r in self.records.values()]
        out.sort(key=lambda e: (-e["mention_count"], e["entity_id"]))
        return out


# --- whole-table operations -------------------------------------------------------

def _remap_statements(statements: list[dict], id_map: dict[str, str]) -> list[dict]:
    out = []
    for st in statements:
        sid = st.get("speaker_entity_id")
        if sid and sid in id_map and id_map[sid] != sid:
            st = dict(st, speaker_entity_id=id_map[sid])
        out.append(st)
    return out


def rebuild(store: Any, on_progress: Any = None) -> Registry:
    """Recompute every entity from the stored mentions, article by article in the store's order,
    with the overrides applied: the same table an incremental ingest of those articles builds."""
    from .resolve import link

    reg = Registry(overrides=store.entity_overrides())
    store.delete_entities()
    n = 0
    for a in store.iter_articles():
        if not a.entities:
            continue
        spans = [{"text": m["text"], "start": m["start"], "end": m["end"], "type": m["type"]} for m in a.entities]
        items = reg.assign(link(spans, a.text))
        old = {(m["start"], m["end"]): m.get("entity_id") for m in a.entities}
        id_map = {old[(m["start"], m["end"])]: m["entity_id"] for m in items if (m["start"], m["end"]) in old}
        if items != a.entities:
            store.update_annotations(a.id, items, _remap_statements(a.statements, id_map))
        n += 1
        if n % 500 == 0:
            reg.flush(store)
            store.commit()
            if on_progress:
                on_progress(n)
    reg.flush(store)
    store.commit()
    return reg


def table(store: Any) -> Registry:
    """The entity table; built from the stored mentions when a store has none yet (a store
    written before the table existed)."""
    if store.count_entities() == 0 and any(a.entities for a in store.iter_articles()):
        return rebuild(store)
    return Registry.load(store)


def _rewrite(store: Any, reg: Registry, change: Any, ids: set[str]) -> None:
    """Apply ``change(article, mentions) -> mentions`` to every article that mentions one of ids, then
    recompute those entities' records from the articles (counts, names, roles, company)."""
    fresh = {i: Record(i, reg.records[i].type if i in reg.records else "", reg.records[i].key if i in reg.records else "",
                       reg.records[i].ord if i in reg.records else len(reg.records) + len(reg.gone),
                       rename=reg.renames.get(i)) for i in ids}
    for a in store.iter_articles():
        if not any(m.get("entity_id") in ids for m in a.entities):
            continue
        items = change(a, [dict(m) for m in a.entities])
        id_map = {o["entity_id"]: n["entity_id"] for o, n in zip(a.entities, items)}
        if items != a.entities:
            store.update_annotations(a.id, items, _remap_statements(a.statements, id_map))
        keys = {cluster_key(m) for m in items}
        for i in ids:
            mine = [m for m in items if m.get("entity_id") == i]
            if mine:
                rec = fresh[i]
                if not rec.type:
                    rec.type, rec.key = mine[0]["type"], cluster_key(mine[0])
                own = {cluster_key(m) for m in mine}
                rec.add(mine, {k for k in keys - own if not k.startswith("LOC:")}, True)
    for i, rec in fresh.items():
        if i in reg.records:
            reg.forget(i)  # out of the indexes; put back below with its recomputed record
        reg.gone.discard(i)
        reg._deleted.discard(i)
        if rec.mention_count:
            reg._put(rec)
            reg.dirty.add(i)
        else:
            reg.forget(i)
    reg.flush(store)
    store.commit()


def _one(reg: Registry, id_or_name: str) -> Record:
    hits = reg.find(id_or_name)
    if not hits:
        raise KeyError(f"no entity {id_or_name!r}")
    if len(hits) > 1 and hits[0].entity_id != id_or_name:
        raise KeyError(f"{id_or_name!r} names {len(hits)} entities ({', '.join(h.entity_id for h in hits[:5])}): give an id")
    return hits[0]


def merge(store: Any, a: str, b: str) -> Record:
    """B becomes part of A: its mentions, names and roles; its names are pinned to A from now on."""
    reg = table(store)
    ra, rb = _one(reg, a), _one(reg, b)
    if ra.entity_id == rb.entity_id:
        return ra
    # both sides' names are pinned to A, so a rebuild meets A under A's id whichever name comes first
    keys = sorted({r.key for r in (ra, rb)} | {entity_key(r.type, " ".join(t)) for r in (ra, rb) for t in r.tokens})
    store.add_entity_override("merge", ra.entity_id, {"other": rb.entity_id, "keys": keys})
    reg.apply_override({"op": "merge", "entity_id": ra.entity_id, "arg": {"other": rb.entity_id, "keys": keys}})

    def change(_a: Any, items: list[dict]) -> list[dict]:
        for m in items:
            if m.get("entity_id") == rb.entity_id:
                m["entity_id"] = ra.entity_id
        return items

    _rewrite(store, reg, change, {ra.entity_id, rb.entity_id})
    return reg.records[ra.entity_id]


def split(store: Any, eid: str, alias: str) -> Record:
    """The mentions of entity ID written as ALIAS (any spelling with its key) become an entity of
    their own, and stay one."""
    reg = table(store)
    rec = _one(reg, eid)
    # the alias as written (normalised, titles dropped): spellings that share a key can be told apart too
    key = form_pin(rec.type, " ".join(name_tokens(alias)))
    written = {form_pin(rec.type, " ".join(name_tokens(x))) for x in list(rec.aliases) + list(rec.names)}
    if key not in written:
        raise KeyError(f"entity {rec.entity_id} has no mention written {alias!r}")
    new_id = "E" + stable_hash(rec.entity_id, key, size=6)
    arg = {"key": key, "new_id": new_id, "alias": alias, "keep": rec.key if rec.key != key else None}
    store.add_entity_override("split", rec.entity_id, arg)
    reg.apply_override({"op": "split", "entity_id": rec.entity_id, "arg": arg})

    def change(_a: Any, items: list[dict]) -> list[dict]:
        # a whole article-level cluster moves (its bare surnames with its full name), as a rebuild would move it
        clusters: dict[str, list[dict]] = {}
        for m in items:
            if m.get("entity_id") == rec.entity_id:
                clusters.setdefault(cluster_key(m), []).append(m)
        for members in clusters.values():
            if key in _forms(members):
                for m in members:
                    m["entity_id"] = new_id
        return items

    _rewrite(store, reg, change, {rec.entity_id, new_id})
    if new_id not in reg.records:
        raise KeyError(f"entity {rec.entity_id} has no mention written {alias!r}")
    return reg.records[new_id]


def rename(store: Any, eid: str, name: str) -> Record:
    """The analyst's display name for an entity (kept across rebuilds)."""
    reg = table(store)
    rec = _one(reg, eid)
    store.add_entity_override("rename", rec.entity_id, {"name": name})
    reg.apply_override({"op": "rename", "entity_id": rec.entity_id, "arg": {"name": name}})
    reg.flush(store)
    store.commit()
    return rec
