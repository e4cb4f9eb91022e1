// Runs ONNX models in onnxruntime (an independent runtime) and compares with reference outputs.
//   node run.mjs MODEL.onnx REFERENCE.json [MODEL2.onnx REFERENCE2.json ...]
// REFERENCE.json: {"inputs": [[x...], ...], "expected": [[y...], ...], "tolerance": 1e-6}, one row per sample.
// Prints one line per model ("model.onnx: 50 samples, max abs error 1.2e-07") and exits 1 on any mismatch.
// Install the runtime with: ONNXRUNTIME_NODE_INSTALL=skip npm ci   (its install script would fetch CUDA binaries)
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error('usage: node run.mjs MODEL.onnx REFERENCE.json [MODEL.onnx REFERENCE.json ...]');
  process.exit(2);
}
let failed = 0;
for (let i = 0; i < args.length; i += 2) {
  const [modelPath, refPath] = [args[i], args[i + 1]];
  try {
    const ref = JSON.parse(readFileSync(refPath, 'utf8'));
    const n = ref.inputs.length, d = ref.inputs[0].length, k = ref.expected[0].length;
    const session = await ort.InferenceSession.create(modelPath);
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', Float32Array.from(ref.inputs.flat()), [n, d]) };
    const result = await session.run(feeds);
    const y = result[session.outputNames[0]];
    if (y.dims.length !== 2 || y.dims[0] !== n || y.dims[1] !== k)
      throw new Error(`output shape [${y.dims}] where [${n},${k}] was expected`);
    let maxErr = 0, worst = -1;
    for (let s = 0; s < n; ++s)
      for (let j = 0; j < k; ++j) {
        const e = Math.abs(y.data[s * k + j] - ref.expected[s][j]);
        if (!(e <= maxErr)) { maxErr = e; worst = s; }   // NaN counts as the worst
      }
    const ok = maxErr <= ref.tolerance;
    console.log(`${modelPath}: ${n} samples, max abs error ${maxErr.toExponential(2)}` +
                (ok ? '' : ` > ${ref.tolerance} at sample ${worst} (inputs ${ref.inputs[worst]})`));
    if (!ok) ++failed;
  } catch (e) {
    console.log(`${modelPath}: ERROR ${e.message}`);
    ++failed;
  }
}
process.exit(failed ? 1 : 0);
