"""The read API (issue 19): django-ninja, one key per organisation, the pages' perimeter.

- `tokens`: the keys (created and revoked by a director or department staff of the
  organisation, shown once, only their digest kept) and the organisation a key acts for;
- `principal`: who a key reads as: the organisation's people, through the same
  `visible_to(user)` as the pages;
- `figures`: the household figures, counted, never named, with the small-count rule;
- `endpoints`: the NinjaAPI, its resources, its French errors; `urls`: its addresses, each
  call logged (`portal.ApiCall`) and rate-limited per key.
"""
