"""Source profiles: declarative data files saying what a known site does its own way.

A profile (YAML, one per site) says how to recognise the site (hosts, page markers, file names), where
its main text sits and what chrome it adds (simple selectors), which lines of its text are furniture,
where its title, date and place sit (selectors, lines, or a fixed value) and how it labels speakers.
The generic path never needs a profile: a profile only refines a document (its header gets
`profile` and `profile.*` entries, see docs/sources.md). Built-in profiles live in `profiles/`;
users add their own folders with `DIPCORPUS_SOURCES` (folders separated by the path separator)
or `add_folder`.
"""

from __future__ import annotations

from dipcorpus.sources.profiles_io import (
    Profile,
    Selector,
    add_folder,
    find_profile,
    load_profile,
    profile_by_name,
    profiles,
)

__all__ = [
    "Profile",
    "Selector",
    "add_folder",
    "find_profile",
    "load_profile",
    "profile_by_name",
    "profiles",
]
