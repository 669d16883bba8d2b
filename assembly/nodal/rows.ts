// Dropping line rows that do not bind, so that the row count follows the binding set. At the end
// of every round (the LP optimal for its rows), a line row whose slack is basic has its age
// counted up (reset to 0 when the slack is nonbasic). A row aged DROP_AFTER rounds is removed with
// its slack, unless its line was dropped before: a line leaves the LP at most once per call, so
// row generation still ends (each line is added at most twice). The inverse shrinks exactly: with
// the dropped rows and their slacks' positions last, B = [[B', 0], [R, -I]] and
// B^-1 = [[B'^-1, 0], [R B'^-1, -I]], so B'^-1 is B^-1 without those rows and columns.
import {
  nO, nL, nI, m, cap, basic, binv, dseW, rowLine, lineRow, ptdfOB, varState, lineAge, lineDrops,
  BASIC, AT_LOWER, getI, setI, setF, setRows, noteDropped,
} from "./state";
import { rowNorm2 } from "./basis";

/** Rounds a line row's slack stays basic (at the end of a round) before the row is dropped. */
const DROP_AFTER: i32 = 2;

let keepRow: usize = 0; // i32[m]: new index of each row, -1 when dropped
let keepPos: usize = 0; // i32[m]: new index of each basis position, -1 when dropped

/** Ages the line rows and drops those aged DROP_AFTER (see above); returns how many. */
export function dropSlackRows(): i32 {
  let nd = 0;
  for (let r = nI; r < m; r++) {
    const l = getI(rowLine, r - nI);
    const age = getI(varState, nO + l) == BASIC ? getI(lineAge, l) + 1 : 0;
    setI(lineAge, l, age);
    if (age >= DROP_AFTER && getI(lineDrops, l) == 0) nd++;
  }
  if (nd == 0) return 0;
  keepRow = heap.alloc(<usize>(m + 1) << 2);
  keepPos = heap.alloc(<usize>(m + 1) << 2);
  for (let p = 0; p < m; p++) setI(keepPos, p, 0);
  let nr = 0;
  for (let r = 0; r < m; r++) {
    if (r >= nI) {
      const l = getI(rowLine, r - nI);
      if (getI(lineAge, l) >= DROP_AFTER && getI(lineDrops, l) == 0) { setI(keepRow, r, -1); continue; }
    }
    setI(keepRow, r, nr++);
  }
  // the dropped slacks' positions
  for (let p = 0; p < m; p++) {
    const v = getI(basic, p);
    if (v < nO || v >= nO + nL) continue;
    const r = getI(lineRow, v - nO);
    if (r >= 0 && getI(keepRow, r) < 0) setI(keepPos, p, -1);
  }
  let np = 0;
  for (let p = 0; p < m; p++) if (getI(keepPos, p) == 0) setI(keepPos, p, np++); else setI(keepPos, p, -1);
  compact(nr);
  return nd;
}

/** Moves rows, positions and per-row columns to their new indices (all ascending, in place). */
function compact(nr: i32): void {
  const old = m;
  for (let p = 0; p < old; p++) {
    const q = getI(keepPos, p);
    if (q < 0) continue;
    const src = binv + (<usize>(p * cap) << 3), dst = binv + (<usize>(q * cap) << 3);
    for (let r = 0; r < old; r++) {
      const c = getI(keepRow, r);
      if (c >= 0) store<f64>(dst + (<usize>c << 3), load<f64>(src + (<usize>r << 3)));
    }
    setI(basic, q, getI(basic, p));
  }
  for (let r = nI; r < old; r++) {
    const c = getI(keepRow, r), l = getI(rowLine, r - nI);
    if (c < 0) {
      setI(lineRow, l, -1);
      setI(varState, nO + l, AT_LOWER);
      setI(lineDrops, l, getI(lineDrops, l) + 1);
      setI(lineAge, l, 0);
      noteDropped();
      continue;
    }
    setI(rowLine, c - nI, l);
    setI(lineRow, l, c);
    store<u32>(ptdfOB + (<usize>(c - nI) << 2), load<u32>(ptdfOB + (<usize>(r - nI) << 2)));
  }
  setRows(nr);
  for (let p = 0; p < nr; p++) setF(dseW, p, rowNorm2(p));
}
