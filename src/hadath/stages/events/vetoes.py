"""Named checks that correct or drop a candidate after its frame has read it.

Each takes the candidate's arguments and returns them, corrected (a doer the text cannot have becomes
unknown), or None to drop the candidate; `VETOES` runs them in order. The victim is the actor the sentence's killed/wounded trigger names.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ...text.normalize import normalize
from .config import NON_VIOLENT_SECTORS, STATE_SECTORS, VIOLENT
from .frames import Args
from .sentence import SentenceView
from .triggers import Hit


@dataclass(frozen=True)
class Context:
    hit: Hit
    sent: SentenceView
    victim: str | None  # who was killed or wounded in this sentence

    @property
    def own_attack(self) -> bool:
        """هجومهم: the attackers' own attack, in which they may die."""
        return normalize(self.sent.text[self.hit.start:self.hit.end]).endswith(tuple(self.sent.words.own_attack_suffix))


def doer_after_victim(args: Args, ctx: Context) -> Args | None:
    """قتل 18 من قوات النظام والمسلحين الموالين لها جراء تفجير عناصر من داعش: the doer follows."""
    hit, sent, victim = ctx.hit, ctx.sent, ctx.victim
    if hit.trigger.type != "ASSAULT" or hit.trigger.frame == "between" or not victim or ctx.own_attack \
            or args.source is None or not (args.source == victim or sent.allied(args.source, victim)):
        return args
    doer = next((r for r in sent.actors if r.start >= hit.end and sent.gap(hit.end, r.start) <= sent.config.victim_window
                 and r.id != victim and not sent.allied(r.id, victim)), None)
    return Args(doer.id, victim) if doer is not None else args


def no_self_harm(args: Args, ctx: Context) -> Args:
    """مقتل سبعة من قادة داعش بقصف مدفعي: the dead did not shell themselves (قتلوا أثناء هجومهم: they did);
    reporters, courts, NGOs and civilians do not attack. The doer is then unknown, the victim stays."""
    if ctx.hit.trigger.type not in VIOLENT or args.source is None:
        return args
    if args.source == ctx.victim and ctx.hit.trigger.frame != "between" and not ctx.own_attack:
        return Args(None, ctx.victim)
    return Args(None, args.target) if ctx.sent.sector.get(args.source) in NON_VIOLENT_SECTORS else args


def no_state_protest(args: Args, ctx: Context) -> Args:
    """A government does not take to the streets: احتجاجات ... على حكومة العبادي is protesters, unnamed,
    against the government."""
    if ctx.hit.trigger.type == "PROTEST" and ctx.sent.sector.get(args.source) in STATE_SECTORS:
        return Args(None, args.target or args.source)
    return args


def no_allied_target(args: Args, ctx: Context) -> Args | None:
    """قوات النظام والميليشيات الموالية لها: one side, not a clash between them."""
    if args.target is not None and ctx.hit.trigger.type in VIOLENT and ctx.sent.allied(args.source, args.target):
        return Args(args.source, None)
    return args


def victim_as_target(args: Args, ctx: Context) -> Args | None:
    """قتل جندي عراقي في قصف شنه داعش: the soldier's side was attacked."""
    if args.target is None and ctx.hit.trigger.type == "ASSAULT" and ctx.victim not in (None, args.source):
        return Args(args.source, ctx.victim)
    return args


VETOES: tuple[Callable[[Args, Context], Args | None], ...] = (
    doer_after_victim, no_self_harm, no_state_protest, no_allied_target, victim_as_target)


def apply_vetoes(args: Args, ctx: Context) -> Args | None:
    for check in VETOES:
        args = check(args, ctx)
        if args is None:
            return None
    return args
