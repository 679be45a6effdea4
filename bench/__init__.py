"""Benchmarks on generated data (``make bench``). Figures are ratios against a floor measured in
the same run, because machines are noisy; every run prints and stores what it measured."""
