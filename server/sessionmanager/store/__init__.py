"""Metadata stores: where per-session metadata lives."""

from sessionmanager.store.base import (
    JsonObject,
    MergeResult,
    MetadataLimits,
    MetadataStore,
)
from sessionmanager.store.memory import MemoryStore

__all__ = [
    "JsonObject",
    "MemoryStore",
    "MergeResult",
    "MetadataLimits",
    "MetadataStore",
]
