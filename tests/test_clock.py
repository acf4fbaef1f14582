"""The schedulers: simulated time is exact; real time does not let lateness add up."""

from __future__ import annotations

import asyncio
import time

from assistant.clock import LoopScheduler, ManualScheduler


def test_manual_scheduler_fires_in_order_in_whole_milliseconds() -> None:
    fired: list[tuple[int, float]] = []
    scheduler = ManualScheduler()
    scheduler.fire = lambda timer_id: fired.append((timer_id, scheduler.now()))
    scheduler.start(1, 0.1 + 0.2)  # 0.30000000000000004 in floats
    scheduler.start(2, 0.1)
    scheduler.start(3, 5.0)
    scheduler.cancel(3)
    scheduler.run_until_idle()
    assert fired == [(2, 0.1), (1, 0.3)]
    assert not scheduler.pending()


def test_loop_scheduler_chains_timers_from_their_due_time_not_from_when_they_ran() -> None:
    async def main() -> list[float]:
        loop = asyncio.get_running_loop()
        scheduler = LoopScheduler(loop)
        stamps: list[float] = []

        def fire(timer_id: int) -> None:
            stamps.append(scheduler.now())
            time.sleep(0.03)  # a slow callback: the loop runs late every time
            if timer_id < 10:
                scheduler.start(timer_id + 1, 0.02)

        scheduler.fire = fire
        scheduler.start(1, 0.02)
        while scheduler.pending():
            await asyncio.sleep(0.01)
        return stamps

    stamps = asyncio.run(main())
    assert len(stamps) == 10
    # each timer is due exactly 20 ms after the one before, although every callback ran 30 ms long
    assert [round(t - stamps[0], 9) for t in stamps] == [round(0.02 * k, 9) for k in range(10)]
