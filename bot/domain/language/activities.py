"""The activities the bot knows, by canonical id (English, lower case), with their kind.
Each language module maps what its runners type to these ids and names them for display."""

from __future__ import annotations

from collections.abc import Mapping

from bot.domain.language.base import Kind

S, M, R, C = Kind.STRENGTH, Kind.MOBILITY, Kind.RUN, Kind.CARDIO

KINDS: Mapping[str, Kind] = {
    # strength
    "kettlebell": S,
    "core": S,
    "squats": S,
    "lunges": S,
    "deadlifts": S,
    "push-ups": S,
    "pull-ups": S,
    "plank": S,
    "weights": S,
    "strength": S,
    "barbell": S,
    "bodyweight": S,
    "circuit": S,
    "hiit": S,
    "crossfit": S,
    "plyometrics": S,
    "calisthenics": S,
    "trx": S,
    "resistance bands": S,
    "legs": S,
    "upper body": S,
    "full body": S,
    "glutes": S,
    "barre": S,
    "climbing": S,
    "rows": S,
    "strength & conditioning": S,
    "gym": S,
    "hip work": S,
    "bench press": S,
    "functional training": S,
    "step-ups": S,
    "sandbag": S,
    "calf raises": S,
    "balance": M,
    "pelvic floor": S,
    # mobility and yoga-like work
    "yoga": M,
    "pilates": M,
    "mobility": M,
    "stretching": M,
    "foam rolling": M,
    "physio": M,
    # runs
    "run": R,
    "intervals": R,
    "tempo": R,
    "hills": R,
    "long run": R,
    "parkrun": R,
    "treadmill": R,
    "race": R,
    "track": R,
    "trail run": R,
    "fartlek": R,
    "strides": R,
    "sprints": R,
    # cardio cross-training
    "swim": C,
    "bike": C,
    "spin": C,
    "row": C,
    "elliptical": C,
    "hike": C,
    "walk": C,
    "ski": C,
    "skate": C,
    "dance": C,
    "stairs": C,
    "aqua jogging": C,
    "rollerski": C,
    "boxing": C,
    "tennis": C,
    "football": C,
    "jump rope": C,
}
