"""The schedule: shift boundaries, the fair planner, lock files and the effective schedule."""
