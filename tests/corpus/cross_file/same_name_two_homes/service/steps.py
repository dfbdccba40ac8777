from .codec import restore


def step(value):
    return restore(value[4:])


def step2(value):
    return step(value.strip())
