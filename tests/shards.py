"""The long walks (every URL × every role) split into parts, so that pytest-xdist runs them
on every worker at once instead of leaving one worker alone with a five-minute test. Each
part walks every `parts`-th item; together the parts walk every item once."""

SHARDS = 4


def shard(items, part: int, parts: int = SHARDS) -> list:
    return list(items)[part::parts]
