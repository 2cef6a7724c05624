"""Small helpers: no work at import time, nothing hard-coded."""


def add(a, b):
    return a + b


if __name__ == "__main__":
    print(add(1, 2))
