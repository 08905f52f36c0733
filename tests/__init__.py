"""The test suite. A package so that tests, benchmarks and scripts import `tests.support` normally."""
