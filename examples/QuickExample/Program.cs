using Augur;
using Augur.Data;
using Augur.Explain;
using Augur.Linear;
using Augur.Metrics;
using Augur.ModelSelection;
using Augur.Pipelines;
using Augur.Preprocessing;
using Augur.Serialization;

// A real data set: 569 tumours, 30 measurements each, and a text label (benign / malignant).
var path = args.Length > 0 ? args[0] : "data/breast_cancer.csv";
var data = Frame.ReadCsv(path);
var x = data.Drop("diagnosis");
var y = data["diagnosis"];

// Hold out a fifth of the rows, keeping the class balance.
var split = TrainTestSplit.Split(x, y, testSize: 0.2, randomState: 0, stratify: y);

// An estimator is an immutable record of options; Fit returns an immutable, thread-safe model.
var pipeline = new Pipeline(new StandardScaler(), new LogisticRegression { C = 0.5 });
var model = (IClassifier)pipeline.Fit(split.XTrain, split.YTrain);

// Held-out metrics, defined as scikit-learn defines them.
var predicted = model.Predict(split.XTest);
var malignant = model.PredictProba(split.XTest).Column(model.Classes.IndexOf("malignant"));
Console.WriteLine($"accuracy {ClassificationMetrics.Accuracy(split.YTest!, predicted):F3}");
Console.WriteLine($"ROC AUC  {ClassificationMetrics.RocAuc(split.YTest!, malignant):F3}");

// Save to a model file, load it back, and get the same predictions.
var file = Path.Combine(Path.GetTempPath(), "breast_cancer.augur");
ModelFile.Save(model, file);
var loaded = (IClassifier)ModelFile.Load(file).Model;
Console.WriteLine(loaded.Predict(split.XTest).ContentEquals(predicted) ? "reloaded: same predictions" : "reloaded: DIFFERENT predictions");

// Explain one prediction: linear SHAP values (one per input column) add up to the model's margin.
var shap = Explainers.Shap(model, split.XTrain, split.XTest, rows: [0]);
Console.WriteLine($"margin {shap.ModelOutput[0, 0]:F3} = base {shap.BaseValues[0]:F3} + the SHAP values; the largest:");
foreach (var (name, value) in shap.FeatureNames.Zip(shap.Values[0].Row(0).ToArray()).OrderByDescending(p => Math.Abs(p.Second)).Take(3))
    Console.WriteLine($"  {name,-22} {value:+0.000;-0.000}");
