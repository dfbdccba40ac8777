# threat-models: local
import argparse

import torch


def parse():
    parser = argparse.ArgumentParser(description="Evaluate a checkpoint")
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--device", default="cpu")
    return parser


if __name__ == "__main__":
    args = parse().parse_args()  # source
    state = torch.load(args.checkpoint, map_location=args.device)  # sink: severity=medium
    print(sorted(state))
# expect-flow: 15-16
