/** A pipeline picker; `allowAll` adds an "All pipelines" choice with the value ''. */
export function PipelineSelect({ value, options, onChange, allowAll = false }: { value: string; options: string[]; onChange: (v: string) => void; allowAll?: boolean }) {
  return (
    <label className="field-inline">
      <span>Pipeline</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="pipeline-filter">
        {allowAll ? <option value="">All pipelines</option> : null}
        {options.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
    </label>
  );
}
