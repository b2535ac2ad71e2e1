/**
 * The composed report as it will read on paper (公文 fonts where the system has them). Every
 * figure is a link: it opens the records behind the number. Paragraphs drafted from the data are
 * tinted, so staff see what to rewrite.
 */
import type { MouseEvent } from 'react';
import type { FigureRef } from './FigureDrawer';
import { isFigure, type ComposedReport, type FigureRun, type ReportTarget } from './types';

function FigureLink({ run, target, onOpen }: { run: FigureRun; target: ReportTarget; onOpen: (f: FigureRef) => void }) {
  const { figure } = run;
  const href = `/api/indicators/${encodeURIComponent(figure.code)}/records?org=${encodeURIComponent(target.org)}&year=${target.year}`;
  const open = (event: MouseEvent) => {
    event.preventDefault();
    onOpen({ code: figure.code, label: figure.label, text: run.text });
  };
  return (
    <a className="figure-link" href={href} onClick={open} title={`${figure.label}：${figure.records} 条记录，点击查看`} data-code={figure.code}>
      {run.text}
    </a>
  );
}

export function ReportPreview({ report, target, onOpenFigure }: { report: ComposedReport; target: ReportTarget; onOpenFigure: (f: FigureRef) => void }) {
  return (
    <article className="report-paper" aria-label={report.title}>
      <h1>{report.title}</h1>
      <p className="addressee">{report.addressee}</p>
      {report.blocks.map((block, i) => {
        if (block.type === 'heading') return block.level === 1 ? <h2 key={i}>{block.text}</h2> : <h3 key={i}>{block.text}</h3>;
        if (block.type === 'table')
          return (
            <div className="report-table" key={i}>
              <table>
                <caption>{block.caption}</caption>
                <thead>
                  <tr>
                    {block.columns.map((c) => (
                      <th key={c} scope="col">
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {block.rows.map((row, r) => (
                    <tr key={r}>
                      {row.map((cell, c) => (
                        <td key={c}>{cell}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        return (
          <p key={i} className={block.drafted ? 'drafted' : undefined} title={block.drafted ? '这段由台账数据起草，请在“编辑模板”中改写' : undefined}>
            {block.runs.map((run, j) => (isFigure(run) ? <FigureLink key={j} run={run} target={target} onOpen={onOpenFigure} /> : <span key={j}>{run.text}</span>))}
          </p>
        );
      })}
      <p className="signature">
        {report.signature}
        <br />
        {report.dateText}
      </p>
    </article>
  );
}
