"""The caches behind search (query vectors, per-question scores) keep the most recently used
entries, and stay consistent when turns in several threads use them at once."""

from __future__ import annotations

import threading

from retrieval.lru import LRU


def test_the_least_recently_used_entry_goes_first() -> None:
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recent
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3


def test_threads_sharing_a_small_cache_never_fail() -> None:
    cache: LRU[int, int] = LRU(4)
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for n in range(5_000):
                key = (n + offset) % 7
                if cache.get(key) is None:
                    cache.put(key, key)
        except BaseException as exc:  # noqa: BLE001  (any failure is the finding)
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(cache) <= 4
