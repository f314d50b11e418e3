"""A refused workflow step's reason in the visitor's language.

The round use cases refuse a step with an English sentence (``Refused``), which the API and the
audit trail keep as it is. The pages show it translated beside the original: each sentence the
round rules write is matched here by its shape and rewritten through the catalogue, with its
ids, rules and dates carried over. A sentence not known here is shown as it came, under a
translated heading, so nothing is hidden when the service gains a new refusal.
"""

from __future__ import annotations

import re

from talentgraph.i18n import Words


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "translate later"
    return message


# (the service's English sentence with its parts named, the catalogue message with the same parts)
SENTENCES: tuple[tuple[str, str], ...] = (
    ("round {round} is full: {n} of its quota of {quota} already approved",
     N_("Round {round} is full: {n} of its quota of {quota} are already approved.")),
    ("{rule} is a hard rule (not 原则上): it cannot be waived",
     N_("{rule} is a hard rule (not 原则上): it cannot be waived.")),
    ("{rule} passes for {teacher}: nothing to waive",
     N_("{teacher} passes {rule}: there is nothing to waive.")),
    ("{rule} is not a rule of {target} under policy {policy}: nothing to waive",
     N_("{rule} is not a rule of {target} under policy {policy}: there is nothing to waive.")),
    ("{teacher}: the hard rule {rule} lacks data; it cannot be approved until it is known",
     N_("{teacher}: the hard rule {rule} lacks data; no approval until it is known.")),
    ("{teacher} is ineligible: the hard rule {rule} fails",
     N_("{teacher} is ineligible: the hard rule {rule} fails.")),
    ("{teacher}: the 原则上 rule {rule} does not pass; approve with --waive {rule}, or reject",
     N_("{teacher}: the 原则上 rule {rule} does not pass; approve with a waiver of {rule}, or reject.")),
    ("round {round} is closed: certified on {day}",
     N_("Round {round} is closed: it was certified on {day}.")),
    ("round {round} is not open yet: it opens on {day}",
     N_("Round {round} is not open yet: it opens on {day}.")),
    ("round {round} is closed: it closed on {day}",
     N_("Round {round} is closed: it closed on {day}.")),
    ("{teacher} does not teach inside {org}, which runs {round}",
     N_("{teacher} does not teach inside {org}, which runs round {round}.")),
    ("{teacher} is already nominated in round {round}",
     N_("{teacher} is already nominated in round {round}.")),
    ("{teacher} is not a candidate for {target} on {day}: {note}",
     N_("{teacher} is not a candidate for {target} on {day} ({note}).")),
    ("a decision needs a reason (--reason) and an approver (--by)",
     N_("A decision needs a reason and an approver.")),
    ("a rejection waives nothing: leave out --waive",
     N_("A rejection waives nothing: leave the waivers unticked.")),
    ("round {round} opens on {opens}: it cannot be certified on {day}",
     N_("Round {round} opens on {opens}: it cannot be certified on {day}.")),
    ("a title cannot be awarded in the future ({day})",
     N_("A title cannot be awarded in the future ({day}).")),
    ("name at least one teacher to nominate",
     N_("Name at least one teacher to nominate.")),
    ("a {level} title is certified by {by}; {org} is a {kind}",
     N_("A {level} title is certified by {by}; {org} is a {kind}.")),
)
_PART = re.compile(r"\{(\w+)\}")


def _shape(sentence: str) -> re.Pattern[str]:
    """The sentence as a pattern: each {part} matches a value, a repeated one the same value."""
    out, seen, at = ["^"], set(), 0
    for part in _PART.finditer(sentence):
        out.append(re.escape(sentence[at:part.start()]))
        name = part.group(1)
        out.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        at = part.end()
    out += [re.escape(sentence[at:]), "$"]
    return re.compile("".join(out))


SHAPES = tuple((_shape(sentence), message) for sentence, message in SENTENCES)
UNKNOWN = N_("The step was refused (the reason is below, as the server gave it).")


def refusal_words(words: Words, reason: str) -> tuple[str, bool]:
    """``reason`` (a ``Refused`` message) in ``words``' language, and whether it was known."""
    for shape, message in SHAPES:
        found = shape.match(reason.strip())
        if found:
            return words.gettext(message).format(**found.groupdict()), True
    return words.gettext(UNKNOWN), False
