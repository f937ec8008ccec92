# xgboost native xgb.train(..., evals=[(dtrain,'train'),(dvalid,'eval')], verbose_eval=True) + XGBRegressor rmse.
import json, sys
import numpy as np, xgboost as xgb
from sklearn.datasets import make_classification, make_regression
from sklearn.model_selection import train_test_split

VARIANT = sys.argv[1] if len(sys.argv) > 1 else "main"
truth = {"framework": "xgboost " + xgb.__version__}
if VARIANT == "main":
    X, y = make_classification(n_samples=2000, n_features=20, n_informative=8, random_state=0)
    Xt, Xv, yt, yv = train_test_split(X, y, test_size=0.25, random_state=0)
    dtrain, dvalid = xgb.DMatrix(Xt, label=yt), xgb.DMatrix(Xv, label=yv)
    params = {"objective": "binary:logistic", "eval_metric": "logloss", "max_depth": 3, "eta": 0.3, "seed": 0, "nthread": 2}
    evals_result = {}
    bst = xgb.train(params, dtrain, num_boost_round=20, evals=[(dtrain, "train"), (dvalid, "eval")],
                    evals_result=evals_result, verbose_eval=True)
    tr, ev = evals_result["train"]["logloss"], evals_result["eval"]["logloss"]
    truth.update({
        "loss": {"initial": tr[0], "final": tr[-1], "best": min(tr), "count": len(tr), "metric": "train-logloss"},
        "eval_loss": {"initial": ev[0], "final": ev[-1], "best": min(ev), "count": len(ev), "metric": "eval-logloss"},
        "steps": bst.num_boosted_rounds(),
        "losses": [[i, v] for i, v in enumerate(tr)],
        "eval_losses": [[i, v] for i, v in enumerate(ev)],
        "params": params,
    })
    # Part 2: sklearn-API XGBRegressor with rmse, printed after a marker line.
    print("=== part 2: XGBRegressor (sklearn API) ===", flush=True)
    Xr, yr = make_regression(n_samples=1000, n_features=10, noise=10.0, random_state=0)
    Xrt, Xrv, yrt, yrv = train_test_split(Xr, yr, test_size=0.2, random_state=0)
    reg = xgb.XGBRegressor(n_estimators=15, max_depth=3, learning_rate=0.3, eval_metric="rmse", random_state=0, n_jobs=2)
    reg.fit(Xrt, yrt, eval_set=[(Xrt, yrt), (Xrv, yrv)], verbose=True)
    er = reg.evals_result()
    r0, r1 = er["validation_0"]["rmse"], er["validation_1"]["rmse"]
    truth["part2_xgbregressor"] = {
        "loss": {"initial": r0[0], "final": r0[-1], "best": min(r0), "count": len(r0), "metric": "validation_0-rmse (train set)"},
        "eval_loss": {"initial": r1[0], "final": r1[-1], "best": min(r1), "count": len(r1), "metric": "validation_1-rmse"},
        "steps": reg.get_booster().num_boosted_rounds(),
        "losses": [[i, v] for i, v in enumerate(r0)], "eval_losses": [[i, v] for i, v in enumerate(r1)],
        "notes": "sklearn API names eval sets validation_0, validation_1 (not train/eval).",
    }
else:  # variant-2: multiclass with two metrics, early stopping, verbose_eval every 5 rounds
    X, y = make_classification(n_samples=1500, n_features=15, n_informative=6, n_classes=4, n_clusters_per_class=1, random_state=3)
    Xt, Xv, yt, yv = train_test_split(X, y, test_size=0.3, random_state=3)
    dtrain, dvalid = xgb.DMatrix(Xt, label=yt), xgb.DMatrix(Xv, label=yv)
    params = {"objective": "multi:softprob", "num_class": 4, "eval_metric": ["merror", "mlogloss"], "max_depth": 4,
              "eta": 0.2, "subsample": 0.8, "seed": 3, "nthread": 2}
    evals_result = {}
    bst = xgb.train(params, dtrain, num_boost_round=200, evals=[(dtrain, "dtrain"), (dvalid, "valid")],
                    evals_result=evals_result, verbose_eval=5, early_stopping_rounds=8)
    tr, ev = evals_result["dtrain"]["mlogloss"], evals_result["valid"]["mlogloss"]
    truth.update({
        "loss": {"initial": tr[0], "final": tr[-1], "best": min(tr), "count": len(tr), "metric": "dtrain-mlogloss"},
        "eval_loss": {"initial": ev[0], "final": ev[-1], "best": min(ev), "count": len(ev), "metric": "valid-mlogloss (the early-stopping metric = last metric listed)"},
        "steps": bst.num_boosted_rounds(),
        "best_iteration": bst.best_iteration, "best_score": bst.best_score,
        "losses": [[i, v] for i, v in enumerate(tr)],
        "eval_losses": [[i, v] for i, v in enumerate(ev)],
        "merror": {k: evals_result[k]["merror"] for k in evals_result},
        "params": params,
    })
truth.update({
    "batch_size": None,
    "steps_unit": "boosting rounds; the console '[N]' is 0-based (round index), so the last printed index is steps-1",
    "console_precision": "metric values printed with repr of float32->float, typically 5 decimals (e.g. 0.51849)",
    "notes": "Truth from evals_result dict / XGBModel.evals_result() (structured), not from console. "
             + ("verbose_eval=5 prints every 5th round plus the last round; early stopping (8 rounds) stops after round 53 (best_iteration 45); xgboost 1.7 prints NO 'Will train until' line here, and the last trained round is printed even though it is not a multiple of 5. Metrics per eval set appear in params order: merror then mlogloss." if VARIANT != "main" else "verbose_eval=True prints every round."),
})
json.dump(truth, open("truth.json", "w"), indent=1)
