# sklearn HistGradientBoostingClassifier(verbose=1) capture.
import json, sklearn
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
X, y = make_classification(n_samples=3000, n_features=12, random_state=3)
params = dict(max_iter=40, early_stopping=True, n_iter_no_change=50, validation_fraction=0.2, verbose=1, random_state=0)
clf = HistGradientBoostingClassifier(**params).fit(X, y)
# scoring='loss': train_score_/validation_score_ are the negative losses, entry 0 before the first iteration
train = [-float(v) for v in clf.train_score_][1:]
valid = [-float(v) for v in clf.validation_score_][1:]
json.dump({
    "framework": "scikit-learn " + sklearn.__version__,
    "steps": int(clf.n_iter_),
    "steps_unit": "boosting iterations; the console's [n/N] is 1-based",
    "losses": [[i + 1, v] for i, v in enumerate(train)],
    "valid_losses": [[i + 1, v] for i, v in enumerate(valid)],
    "console_precision": "train loss / val loss printed with 5 decimals",
    "params": params,
    "notes": "Truth from clf.train_score_ and clf.validation_score_ (negated: scoring='loss'), not from the console.",
}, open("truth.json", "w"), indent=1)
