"""Metadata stores: where per-session metadata lives."""

from sessionmanager.store.base import (
    JsonObject,
    MergeResult,
    MetadataLimits,
    MetadataStore,
)
from sessionmanager.store.memory import AsyncMemoryStore, MemoryStore

__all__ = [
    "AsyncMemoryStore",
    "JsonObject",
    "MemoryStore",
    "MergeResult",
    "MetadataLimits",
    "MetadataStore",
]
