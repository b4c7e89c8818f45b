;; Matrix products and reductions for the wasm backend's training kernels, in wasm SIMD128.
;; The module works on the tfjs-backend-wasm heap itself: it imports that module's memory, so
;; operands are read where the backend keeps them. src/cli/buildSimdKernels.ts compiles this
;; file into simdKernelsWasm.ts, once as written (shared memory, for the threaded build) and
;; once with an unshared memory.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; out[i][j] += sum_{p < rows} a[p][i] * b[p][j]  (out = aᵀ·b, all row-major, f32)
  ;;   a: rows x m, b: rows x n, out: m x n; m a multiple of 4, n a multiple of 8.
  ;; out is held in registers 4 x 8 at a time. The rows are taken `chunk` at a time, so that
  ;; the chunk of a and of b stays in the L1 cache while every tile of out passes over it.
  (func (export "atb")
    (param $a i32) (param $b i32) (param $out i32)
    (param $rows i32) (param $m i32) (param $n i32) (param $chunk i32)
    (local $p0 i32) (local $len i32) (local $i i32) (local $j i32)
    (local $ap i32) (local $bp i32) (local $op i32) (local $k i32)
    (local $aStride i32) (local $bStride i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $s v128)
    (local.set $aStride (i32.shl (local.get $m) (i32.const 2)))
    (local.set $bStride (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $chunks
        (br_if $done (i32.ge_u (local.get $p0) (local.get $rows)))
        (local.set $len (i32.sub (local.get $rows) (local.get $p0)))
        (if (i32.gt_u (local.get $len) (local.get $chunk))
          (then (local.set $len (local.get $chunk))))
        (local.set $i (i32.const 0))
        (loop $tileRows
          (local.set $j (i32.const 0))
          (loop $tileCols
            ;; op = &out[i][j]; rows i..i+3 are bStride apart.
            (local.set $op
              (i32.add (local.get $out)
                (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j))
                  (i32.const 2))))
            (local.set $c00 (v128.load (local.get $op)))
            (local.set $c01 (v128.load offset=16 (local.get $op)))
            (local.set $op (i32.add (local.get $op) (local.get $bStride)))
            (local.set $c10 (v128.load (local.get $op)))
            (local.set $c11 (v128.load offset=16 (local.get $op)))
            (local.set $op (i32.add (local.get $op) (local.get $bStride)))
            (local.set $c20 (v128.load (local.get $op)))
            (local.set $c21 (v128.load offset=16 (local.get $op)))
            (local.set $op (i32.add (local.get $op) (local.get $bStride)))
            (local.set $c30 (v128.load (local.get $op)))
            (local.set $c31 (v128.load offset=16 (local.get $op)))
            ;; ap = &a[p0][i], bp = &b[p0][j]
            (local.set $ap
              (i32.add (local.get $a)
                (i32.shl (i32.add (i32.mul (local.get $p0) (local.get $m)) (local.get $i))
                  (i32.const 2))))
            (local.set $bp
              (i32.add (local.get $b)
                (i32.shl (i32.add (i32.mul (local.get $p0) (local.get $n)) (local.get $j))
                  (i32.const 2))))
            (local.set $k (local.get $len))
            (loop $products
              (local.set $b0 (v128.load (local.get $bp)))
              (local.set $b1 (v128.load offset=16 (local.get $bp)))
              (local.set $s (v128.load32_splat (local.get $ap)))
              (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $s (v128.load32_splat offset=4 (local.get $ap)))
              (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $s (v128.load32_splat offset=8 (local.get $ap)))
              (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $s (v128.load32_splat offset=12 (local.get $ap)))
              (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $ap (i32.add (local.get $ap) (local.get $aStride)))
              (local.set $bp (i32.add (local.get $bp) (local.get $bStride)))
              (local.set $k (i32.sub (local.get $k) (i32.const 1)))
              (br_if $products (local.get $k)))
            ;; Store the tile, walking op back up its four rows.
            (v128.store (local.get $op) (local.get $c30))
            (v128.store offset=16 (local.get $op) (local.get $c31))
            (local.set $op (i32.sub (local.get $op) (local.get $bStride)))
            (v128.store (local.get $op) (local.get $c20))
            (v128.store offset=16 (local.get $op) (local.get $c21))
            (local.set $op (i32.sub (local.get $op) (local.get $bStride)))
            (v128.store (local.get $op) (local.get $c10))
            (v128.store offset=16 (local.get $op) (local.get $c11))
            (local.set $op (i32.sub (local.get $op) (local.get $bStride)))
            (v128.store (local.get $op) (local.get $c00))
            (v128.store offset=16 (local.get $op) (local.get $c01))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br_if $tileCols (i32.lt_u (local.get $j) (local.get $n))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $tileRows (i32.lt_u (local.get $i) (local.get $m))))
        (local.set $p0 (i32.add (local.get $p0) (local.get $len)))
        (br $chunks))))

  ;; out[p][j] += sum_{k < depth} a[p][k] * b[k][j]  (out = a·b, all row-major, f32)
  ;;   a: rows x depth with rows aStride floats apart, b: depth x n, out: rows x n;
  ;;   rows a multiple of 4, n a multiple of 8.
  ;; out is held in registers 4 x 8 at a time; b (depth x n) is meant to fit the L1 cache.
  (func (export "ab")
    (param $a i32) (param $aStride i32) (param $b i32) (param $out i32)
    (param $rows i32) (param $depth i32) (param $n i32)
    (local $p i32) (local $j i32) (local $ap i32) (local $bp i32) (local $op i32)
    (local $k i32) (local $aRow i32) (local $bStride i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $s v128)
    (local.set $aRow (i32.shl (local.get $aStride) (i32.const 2)))
    (local.set $bStride (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $tileRows
        (br_if $done (i32.ge_u (local.get $p) (local.get $rows)))
        (local.set $j (i32.const 0))
        (loop $tileCols
          ;; op = &out[p][j]; rows p..p+3 are bStride apart.
          (local.set $op
            (i32.add (local.get $out)
              (i32.shl (i32.add (i32.mul (local.get $p) (local.get $n)) (local.get $j))
                (i32.const 2))))
          (local.set $c00 (v128.load (local.get $op)))
          (local.set $c01 (v128.load offset=16 (local.get $op)))
          (local.set $op (i32.add (local.get $op) (local.get $bStride)))
          (local.set $c10 (v128.load (local.get $op)))
          (local.set $c11 (v128.load offset=16 (local.get $op)))
          (local.set $op (i32.add (local.get $op) (local.get $bStride)))
          (local.set $c20 (v128.load (local.get $op)))
          (local.set $c21 (v128.load offset=16 (local.get $op)))
          (local.set $op (i32.add (local.get $op) (local.get $bStride)))
          (local.set $c30 (v128.load (local.get $op)))
          (local.set $c31 (v128.load offset=16 (local.get $op)))
          ;; ap = &a[p][0], bp = &b[0][j]
          (local.set $ap (i32.add (local.get $a) (i32.mul (local.get $p) (local.get $aRow))))
          (local.set $a1 (i32.add (local.get $ap) (local.get $aRow)))
          (local.set $a2 (i32.add (local.get $a1) (local.get $aRow)))
          (local.set $a3 (i32.add (local.get $a2) (local.get $aRow)))
          (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
          (local.set $k (local.get $depth))
          (loop $products
            (local.set $b0 (v128.load (local.get $bp)))
            (local.set $b1 (v128.load offset=16 (local.get $bp)))
            (local.set $s (v128.load32_splat (local.get $ap)))
            (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $s (v128.load32_splat (local.get $a1)))
            (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $s (v128.load32_splat (local.get $a2)))
            (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $s (v128.load32_splat (local.get $a3)))
            (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $ap (i32.add (local.get $ap) (i32.const 4)))
            (local.set $a1 (i32.add (local.get $a1) (i32.const 4)))
            (local.set $a2 (i32.add (local.get $a2) (i32.const 4)))
            (local.set $a3 (i32.add (local.get $a3) (i32.const 4)))
            (local.set $bp (i32.add (local.get $bp) (local.get $bStride)))
            (local.set $k (i32.sub (local.get $k) (i32.const 1)))
            (br_if $products (local.get $k)))
          (v128.store (local.get $op) (local.get $c30))
          (v128.store offset=16 (local.get $op) (local.get $c31))
          (local.set $op (i32.sub (local.get $op) (local.get $bStride)))
          (v128.store (local.get $op) (local.get $c20))
          (v128.store offset=16 (local.get $op) (local.get $c21))
          (local.set $op (i32.sub (local.get $op) (local.get $bStride)))
          (v128.store (local.get $op) (local.get $c10))
          (v128.store offset=16 (local.get $op) (local.get $c11))
          (local.set $op (i32.sub (local.get $op) (local.get $bStride)))
          (v128.store (local.get $op) (local.get $c00))
          (v128.store offset=16 (local.get $op) (local.get $c01))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br_if $tileCols (i32.lt_u (local.get $j) (local.get $n))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $tileRows))))

  ;; out[j] = sum_{p < rows} b[p][j] for j < n (b row-major, f32); n a multiple of 16.
  ;; Sixteen columns (one cache line of a row) at a time, so b is read once, row by row.
  (func (export "sumRows") (param $b i32) (param $out i32) (param $rows i32) (param $n i32)
    (local $j i32) (local $p i32) (local $bp i32) (local $rowBytes i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (loop $columns
      (local.set $s0 (v128.const f32x4 0 0 0 0))
      (local.set $s1 (v128.const f32x4 0 0 0 0))
      (local.set $s2 (v128.const f32x4 0 0 0 0))
      (local.set $s3 (v128.const f32x4 0 0 0 0))
      (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $p (local.get $rows))
      (block $summed
        (br_if $summed (i32.eqz (local.get $p)))
        (loop $rowsLeft
          (local.set $s0 (f32x4.add (local.get $s0) (v128.load (local.get $bp))))
          (local.set $s1 (f32x4.add (local.get $s1) (v128.load offset=16 (local.get $bp))))
          (local.set $s2 (f32x4.add (local.get $s2) (v128.load offset=32 (local.get $bp))))
          (local.set $s3 (f32x4.add (local.get $s3) (v128.load offset=48 (local.get $bp))))
          (local.set $bp (i32.add (local.get $bp) (local.get $rowBytes)))
          (local.set $p (i32.sub (local.get $p) (i32.const 1)))
          (br_if $rowsLeft (local.get $p))))
      (local.set $bp (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))))
      (v128.store (local.get $bp) (local.get $s0))
      (v128.store offset=16 (local.get $bp) (local.get $s1))
      (v128.store offset=32 (local.get $bp) (local.get $s2))
      (v128.store offset=48 (local.get $bp) (local.get $s3))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br_if $columns (i32.lt_u (local.get $j) (local.get $n)))))

  ;; One window of MaxPoolGrad for pooling windows that do not overlap: per channel, dx gets dy
  ;; at the window's first maximum of x (row-major order) and 0 at its other pixels.
  ;;   x, dx: the window's first pixel in two tensors of the same layout; rows x cols pixels,
  ;;   rows rowBytes apart, pixels channels·4 bytes apart; dy: the window's output pixel;
  ;;   rows, cols >= 1; channels a multiple of 4.
  (func (export "maxPoolGradWindow")
    (param $x i32) (param $dy i32) (param $dx i32) (param $rows i32) (param $cols i32)
    (param $rowBytes i32) (param $channels i32)
    (local $c i32) (local $r i32) (local $k i32) (local $at i32) (local $pixelBytes i32)
    (local $m v128) (local $v v128) (local $g v128) (local $found v128) (local $first v128)
    (local.set $pixelBytes (i32.shl (local.get $channels) (i32.const 2)))
    (loop $channelGroups
      ;; m = the window's maximum of these four channels
      (local.set $m (v128.load (i32.add (local.get $x) (local.get $c))))
      (local.set $r (i32.const 0))
      (loop $maxRows
        (local.set $at (i32.add (i32.mul (local.get $r) (local.get $rowBytes)) (local.get $c)))
        (local.set $k (local.get $cols))
        (loop $maxCols
          (local.set $m (f32x4.max (local.get $m) (v128.load (i32.add (local.get $x) (local.get $at)))))
          (local.set $at (i32.add (local.get $at) (local.get $pixelBytes)))
          (local.set $k (i32.sub (local.get $k) (i32.const 1)))
          (br_if $maxCols (local.get $k)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $maxRows (i32.lt_u (local.get $r) (local.get $rows))))
      ;; dx = dy where x first equals m, else 0
      (local.set $g (v128.load (i32.add (local.get $dy) (local.get $c))))
      (local.set $found (v128.const i32x4 0 0 0 0))
      (local.set $r (i32.const 0))
      (loop $gradRows
        (local.set $at (i32.add (i32.mul (local.get $r) (local.get $rowBytes)) (local.get $c)))
        (local.set $k (local.get $cols))
        (loop $gradCols
          (local.set $v (v128.load (i32.add (local.get $x) (local.get $at))))
          (local.set $first (v128.andnot (f32x4.eq (local.get $v) (local.get $m)) (local.get $found)))
          (v128.store (i32.add (local.get $dx) (local.get $at)) (v128.and (local.get $g) (local.get $first)))
          (local.set $found (v128.or (local.get $found) (local.get $first)))
          (local.set $at (i32.add (local.get $at) (local.get $pixelBytes)))
          (local.set $k (i32.sub (local.get $k) (i32.const 1)))
          (br_if $gradCols (local.get $k)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $gradRows (i32.lt_u (local.get $r) (local.get $rows))))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
      (br_if $channelGroups (i32.lt_u (local.get $c) (local.get $pixelBytes)))))
)
