import { memo } from 'react';
import type { ModelSummary } from '../engine/models/summary';
import { formatCount } from './format';

/** Lightning's model summary: layers, output shapes and parameter counts. */
export const ModelSummaryTable = memo(function ModelSummaryTable({
  summary,
}: {
  summary?: ModelSummary;
}) {
  if (!summary) {
    return <p className="empty boxed">The model summary appears when a run starts.</p>;
  }
  return (
    <div className="table-wrap">
      <table className="summary">
        <caption className="sr-only">Model summary</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Output shape</th>
            <th scope="col" className="num">
              Params
            </th>
          </tr>
        </thead>
        <tbody>
          {summary.layers.map((layer) => (
            <tr key={layer.name}>
              <td>{layer.name}</td>
              <td>{layer.type}</td>
              <td className="mono">[{layer.outputShape.map((d) => d ?? 'B').join(', ')}]</td>
              <td className="num">{formatCount(layer.params)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={3}>Total params (trainable {formatCount(summary.trainableParams)})</td>
            <td className="num">{formatCount(summary.totalParams)}</td>
          </tr>
          <tr>
            <td colSpan={3}>Estimated model size</td>
            <td className="num">{summary.sizeMB.toFixed(2)} MB</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
});
