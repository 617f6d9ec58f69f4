"""What each partner asks of its printed logo: a minimum width and a clear
space around it, declared in its force.toml (the charity's in campaign.toml).

Below its minimum width the words inside a crest or wordmark stop being
readable (the regional wallet card once printed them at 0.7 pt); the clear
space keeps another partner's artwork from crowding it.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_WIDTH_KEY = "logo_min_width_mm"
CLEAR_KEY = "logo_clear_space_mm"


@dataclass(frozen=True)
class LogoRule:
    min_width_mm: float
    clear_space_mm: float


def read_logo_rule(t, probs) -> LogoRule:
    """Both keys are required: a partner that states no minimum gets no protection."""
    w = t.number(MIN_WIDTH_KEY, lo=1, hi=1000, unit="mm", hint=f"{MIN_WIDTH_KEY} = 15, the narrowest the logo may print (from the partner's brand guide)")
    c = t.number(CLEAR_KEY, lo=0, hi=200, unit="mm", hint=f"{CLEAR_KEY} = 2, the free space the logo needs on every side")
    return LogoRule(float(w or 0.0), float(c or 0.0))
