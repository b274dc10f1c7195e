using System.CommandLine;
using Augur.Cli.Infrastructure;
using Augur.Data;
using Augur.Serialization;

namespace Augur.Cli.Commands;

/// <summary><c>augur predict &lt;model&gt; &lt;data&gt;</c>: the input rows with a prediction column (and class probabilities).</summary>
public sealed class PredictCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliIO io)
    {
        var modelArg = new Argument<string>("model") { Description = "A .augur model file" };
        var data = new Argument<string>("data") { Description = "CSV or Parquet file with the model's input columns (others are passed through)" };
        var output = CommonOptions.Out("Where to write the predictions (CSV or .parquet); stdout when omitted");
        var proba = new Option<bool>("--proba") { Description = "Add a proba_<class> column per class (classifiers)" };
        var cmd = new Command("predict", "Predict with a saved model (or transform, for decompositions such as pca)") { modelArg, data, output, proba };
        cmd.SetAction(p =>
        {
            var saved = ModelFile.Load(p.GetValue(modelArg)!);
            var frame = DataFiles.Load(p.GetValue(data)!);
            var result = Predict(saved, frame, p.GetValue(proba));
            var outPath = p.GetValue(output);
            if (string.IsNullOrEmpty(outPath)) result.WriteCsv(io.Out);
            else
            {
                DataFiles.Save(result, outPath);
                io.Note($"wrote {result.RowCount:N0} predictions to {outPath}");
            }
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>The input frame with <c>prediction</c> (and <c>proba_*</c>) columns added.</summary>
    public static Frame Predict(SavedModel saved, Frame frame, bool withProbabilities)
    {
        if (saved.Model is not IPredictor predictor)
        {
            // A transformer (for example PCA): append its output columns.
            if (withProbabilities) throw new AugurException("--proba needs a classifier; this model transforms its input");
            var transformed = ((ITransformerModel)saved.Model).Transform(frame);
            return transformed.Columns.Aggregate(frame, (acc, c) => acc.WithColumn(c));
        }
        var result = frame.WithColumn(predictor.Predict(frame).Rename("prediction"));
        if (!withProbabilities) return result;
        if (predictor is not IClassifier classifier)
            throw new AugurException("--proba needs a classifier; this model predicts " + TrainCommand.TaskWords(predictor.Task));
        var p = classifier.PredictProba(frame);
        for (var k = 0; k < classifier.Classes.Count; k++)
            result = result.WithColumn(new Float64Column($"proba_{classifier.Classes[k]}", p.Column(k)));
        return result;
    }
}
