from loaders import load_estimator


def score(rows):
    estimator = load_estimator("acme/credit-risk")
    return estimator.predict_proba(rows)[:, 1]
