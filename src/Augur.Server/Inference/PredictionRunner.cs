using Augur.Data;
using Augur.Numerics;
using Augur.Pipelines;
using Augur.Server.Models;

namespace Augur.Server.Inference;

/// <summary>What one request asked the model for.</summary>
internal readonly record struct Prediction(Column? Labels, Matrix? Probabilities, int Rows);

/// <summary>Runs a model on a request's frame: one transform of the features and one call per output asked for.</summary>
internal static class PredictionRunner
{
    public static Prediction Run(ServedModel model, Frame x, bool wantLabels, bool wantProbabilities)
    {
        Column? labels = null;
        Matrix? proba = null;
        try
        {
            if (model.Classifier is { } classifier && wantProbabilities)
            {
                if (classifier is ClassifierPipelineModel pipeline && wantLabels)
                {
                    // Transform once, then ask the final classifier for both outputs.
                    var features = pipeline.TransformFeatures(x);
                    var final = (IClassifier)pipeline.Final;
                    labels = final.Predict(features);
                    proba = final.PredictProba(features);
                }
                else
                {
                    proba = classifier.PredictProba(x);
                    if (wantLabels) labels = classifier.Predict(x);
                }
            }
            else if (wantLabels) labels = model.Predictor.Predict(x);
        }
        catch (AugurException e) when (e is not ServingException)
        {
            // The model refused the input (for example a category its encoder does not accept): the client's to fix.
            throw ServingException.BadRequest($"model '{model.Name}' version {model.Version} cannot predict this input: {e.Message}");
        }
        if (labels is not null && labels.Length != x.RowCount)
            throw new InvalidOperationException($"model {model} returned {labels.Length} predictions for {x.RowCount} rows");
        if (proba is not null && (proba.Rows != x.RowCount || proba.Cols != model.Classes!.Count))
            throw new InvalidOperationException($"model {model} returned a {proba.Rows}×{proba.Cols} probability matrix for {x.RowCount} rows and {model.Classes!.Count} classes");
        return new Prediction(labels, proba, x.RowCount);
    }
}
