import { describe, expect, it } from "vitest";
import { eq, goInt, goInt64, isTrue, lt, makeInt, T, Template, TemplateError } from "../src/index.js";

const DATA = { str: "hello", num: 42, nil: null, list: [1], map: { a: 1 }, s2: "\ue000", s3: "😀" };

interface Row {
  t: string;
  output?: string;
  error?: string;
  phase?: string;
}

/** A sample of the full 6 x 14 x 14 comparison matrix, answered by the Go oracle. */
const ORACLE: Row[] = [
  {
    t: "{{ eq (index .str 0) 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <eq (index .str 0) 104.0>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ eq (index .str 0) true }}",
    error:
      'template: main:1:3: executing "main" at <eq (index .str 0) true>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ eq (index .str 0) .list }}",
    error:
      'template: main:1:3: executing "main" at <eq (index .str 0) .list>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ eq (index .str 0) .s2 }}",
    error:
      'template: main:1:3: executing "main" at <eq (index .str 0) .s2>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  { t: "{{ eq 104 (index .str 0) }}", output: "true" },
  { t: "{{ eq 104 104 }}", output: "true" },
  {
    t: "{{ eq 104 .list }}",
    error:
      'template: main:1:3: executing "main" at <eq 104 .list>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ eq 104 "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <eq 104 "\\uffff">: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ eq -1 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <eq -1 104.0>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ eq -1 1i }}",
    error:
      'template: main:1:3: executing "main" at <eq -1 1i>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ eq -1 "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <eq -1 "\\uffff">: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ eq -1 18446744073709551615 }}",
    error:
      'template: main:1:9: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ eq 104.0 104 }}",
    error:
      'template: main:1:3: executing "main" at <eq 104.0 104>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  { t: "{{ eq 104.0 104.0 }}", output: "true" },
  {
    t: "{{ eq 104.0 18446744073709551615 }}",
    error:
      'template: main:1:12: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: '{{ eq "h" 104 }}',
    error:
      'template: main:1:3: executing "main" at <eq "h" 104>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ eq "h" -1 }}',
    error:
      'template: main:1:3: executing "main" at <eq "h" -1>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ eq "h" true }}',
    error:
      'template: main:1:3: executing "main" at <eq "h" true>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ eq "h" 1i }}',
    error:
      'template: main:1:3: executing "main" at <eq "h" 1i>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  { t: '{{ eq "h" .s2 }}', output: "false" },
  { t: '{{ eq "h" .s3 }}', output: "false" },
  {
    t: '{{ eq "h" 18446744073709551615 }}',
    error:
      'template: main:1:10: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  { t: "{{ eq .nil 104 }}", output: "false" },
  { t: "{{ eq .nil -1 }}", output: "false" },
  { t: "{{ eq .nil 104.0 }}", output: "false" },
  { t: "{{ eq .missing -1 }}", output: "false" },
  { t: "{{ eq .missing 104.0 }}", output: "false" },
  { t: '{{ eq .missing "h" }}', output: "false" },
  { t: "{{ eq .missing .missing }}", output: "true" },
  { t: "{{ eq .missing 1i }}", output: "false" },
  { t: "{{ eq .missing .s2 }}", output: "false" },
  {
    t: "{{ eq true 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <eq true 104.0>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ eq true "h" }}',
    error:
      'template: main:1:3: executing "main" at <eq true "h">: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  { t: "{{ eq true .missing }}", output: "false" },
  {
    t: "{{ eq true .s2 }}",
    error:
      'template: main:1:3: executing "main" at <eq true .s2>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ eq true .s3 }}",
    error:
      'template: main:1:3: executing "main" at <eq true .s3>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ eq 1i (index .str 0) }}",
    error:
      'template: main:1:3: executing "main" at <eq 1i (index .str 0)>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ eq 1i .s3 }}",
    error:
      'template: main:1:3: executing "main" at <eq 1i .s3>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ eq 1i "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <eq 1i "\\uffff">: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ eq 1i 18446744073709551615 }}",
    error:
      'template: main:1:9: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ eq .list 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <eq .list 104.0>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  { t: "{{ eq .list .nil }}", output: "false" },
  {
    t: "{{ eq .list 1i }}",
    error:
      'template: main:1:3: executing "main" at <eq .list 1i>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ eq .list .s2 }}",
    error:
      'template: main:1:3: executing "main" at <eq .list .s2>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ eq .list 18446744073709551615 }}",
    error:
      'template: main:1:12: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ eq .s2 (index .str 0) }}",
    error:
      'template: main:1:3: executing "main" at <eq .s2 (index .str 0)>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  { t: "{{ eq .s2 .missing }}", output: "false" },
  {
    t: "{{ eq .s3 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <eq .s3 104.0>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ eq .s3 .list }}",
    error:
      'template: main:1:3: executing "main" at <eq .s3 .list>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ eq "\\uffff" true }}',
    error:
      'template: main:1:3: executing "main" at <eq "\\uffff" true>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ eq "\\uffff" 1i }}',
    error:
      'template: main:1:3: executing "main" at <eq "\\uffff" 1i>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ eq "\\uffff" 18446744073709551615 }}',
    error:
      'template: main:1:15: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  { t: "{{ ne (index .str 0) -1 }}", output: "true" },
  {
    t: "{{ ne (index .str 0) 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <ne (index .str 0) 104.0>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ ne (index .str 0) "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <ne (index .str 0) "\\uffff">: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  { t: "{{ ne 104 (index .str 0) }}", output: "false" },
  { t: "{{ ne 104 104 }}", output: "false" },
  {
    t: "{{ ne 104 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <ne 104 104.0>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ ne 104 "h" }}',
    error:
      'template: main:1:3: executing "main" at <ne 104 "h">: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ne 104 .s3 }}",
    error:
      'template: main:1:3: executing "main" at <ne 104 .s3>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ ne 104 "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <ne 104 "\\uffff">: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ne -1 1i }}",
    error:
      'template: main:1:3: executing "main" at <ne -1 1i>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  { t: "{{ ne 104.0 .nil }}", output: "true" },
  { t: "{{ ne 104.0 .missing }}", output: "true" },
  {
    t: "{{ ne 104.0 true }}",
    error:
      'template: main:1:3: executing "main" at <ne 104.0 true>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ne 104.0 .list }}",
    error:
      'template: main:1:3: executing "main" at <ne 104.0 .list>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ne 104.0 .s2 }}",
    error:
      'template: main:1:3: executing "main" at <ne 104.0 .s2>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ ne 104.0 "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <ne 104.0 "\\uffff">: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ ne "h" (index .str 0) }}',
    error:
      'template: main:1:3: executing "main" at <ne "h" (index .str 0)>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ ne "h" 104 }}',
    error:
      'template: main:1:3: executing "main" at <ne "h" 104>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ ne "h" -1 }}',
    error:
      'template: main:1:3: executing "main" at <ne "h" -1>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ ne "h" 104.0 }}',
    error:
      'template: main:1:3: executing "main" at <ne "h" 104.0>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  { t: '{{ ne "h" "h" }}', output: "false" },
  {
    t: '{{ ne "h" true }}',
    error:
      'template: main:1:3: executing "main" at <ne "h" true>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ ne "h" .list }}',
    error:
      'template: main:1:3: executing "main" at <ne "h" .list>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  { t: '{{ ne "h" .s3 }}', output: "true" },
  {
    t: '{{ ne "h" 18446744073709551615 }}',
    error:
      'template: main:1:10: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  { t: "{{ ne .nil (index .str 0) }}", output: "true" },
  { t: "{{ ne .nil 104 }}", output: "true" },
  { t: "{{ ne .nil 104.0 }}", output: "true" },
  { t: "{{ ne .nil .missing }}", output: "false" },
  { t: "{{ ne .nil 1i }}", output: "true" },
  { t: '{{ ne .nil "\\uffff" }}', output: "true" },
  { t: "{{ ne .missing 104.0 }}", output: "true" },
  {
    t: "{{ ne 1i (index .str 0) }}",
    error:
      'template: main:1:3: executing "main" at <ne 1i (index .str 0)>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ne 1i -1 }}",
    error:
      'template: main:1:3: executing "main" at <ne 1i -1>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ne 1i .s3 }}",
    error:
      'template: main:1:3: executing "main" at <ne 1i .s3>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ne 1i 18446744073709551615 }}",
    error:
      'template: main:1:9: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: '{{ ne .list "h" }}',
    error:
      'template: main:1:3: executing "main" at <ne .list "h">: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ ne .list "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <ne .list "\\uffff">: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  { t: "{{ ne .s2 .s2 }}", output: "false" },
  {
    t: "{{ ne .s3 (index .str 0) }}",
    error:
      'template: main:1:3: executing "main" at <ne .s3 (index .str 0)>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ne .s3 104 }}",
    error:
      'template: main:1:3: executing "main" at <ne .s3 104>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ne .s3 18446744073709551615 }}",
    error:
      'template: main:1:10: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: '{{ ne "\\uffff" 104 }}',
    error:
      'template: main:1:3: executing "main" at <ne "\\uffff" 104>: error calling ne: incompatible types for comparison',
    phase: "exec",
  },
  { t: '{{ ne "\\uffff" .s3 }}', output: "true" },
  {
    t: "{{ ne 18446744073709551615 104 }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ ne 18446744073709551615 .nil }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: '{{ ne 18446744073709551615 "\\uffff" }}',
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ ne 18446744073709551615 18446744073709551615 }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  { t: "{{ lt (index .str 0) (index .str 0) }}", output: "false" },
  {
    t: '{{ lt (index .str 0) "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <lt (index .str 0) "\\uffff">: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  { t: "{{ lt 104 (index .str 0) }}", output: "false" },
  { t: "{{ lt 104 -1 }}", output: "false" },
  {
    t: '{{ lt -1 "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <lt -1 "\\uffff">: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt 104.0 .s2 }}",
    error:
      'template: main:1:3: executing "main" at <lt 104.0 .s2>: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ lt 104.0 "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <lt 104.0 "\\uffff">: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt 104.0 18446744073709551615 }}",
    error:
      'template: main:1:12: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  { t: '{{ lt "h" "h" }}', output: "false" },
  {
    t: '{{ lt "h" .missing }}',
    error:
      'template: main:1:3: executing "main" at <lt "h" .missing>: error calling lt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: '{{ lt "h" true }}',
    error:
      'template: main:1:3: executing "main" at <lt "h" true>: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  { t: '{{ lt "h" .s3 }}', output: "true" },
  { t: '{{ lt "h" "\\uffff" }}', output: "true" },
  {
    t: "{{ lt .nil 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <lt .nil 104.0>: error calling lt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: '{{ lt .nil "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <lt .nil "\\uffff">: error calling lt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt .nil 18446744073709551615 }}",
    error:
      'template: main:1:11: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ lt .missing 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <lt .missing 104.0>: error calling lt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt .missing true }}",
    error:
      'template: main:1:3: executing "main" at <lt .missing true>: error calling lt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt .missing .s2 }}",
    error:
      'template: main:1:3: executing "main" at <lt .missing .s2>: error calling lt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt .missing .s3 }}",
    error:
      'template: main:1:3: executing "main" at <lt .missing .s3>: error calling lt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: '{{ lt .missing "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <lt .missing "\\uffff">: error calling lt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt .missing 18446744073709551615 }}",
    error:
      'template: main:1:15: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ lt true (index .str 0) }}",
    error:
      'template: main:1:3: executing "main" at <lt true (index .str 0)>: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt true .s2 }}",
    error:
      'template: main:1:3: executing "main" at <lt true .s2>: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt true .s3 }}",
    error:
      'template: main:1:3: executing "main" at <lt true .s3>: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ lt 1i "h" }}',
    error:
      'template: main:1:3: executing "main" at <lt 1i "h">: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt 1i .s2 }}",
    error:
      'template: main:1:3: executing "main" at <lt 1i .s2>: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt 1i 18446744073709551615 }}",
    error:
      'template: main:1:9: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ lt .list .s2 }}",
    error:
      'template: main:1:3: executing "main" at <lt .list .s2>: error calling lt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt .list 18446744073709551615 }}",
    error:
      'template: main:1:12: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  { t: '{{ lt .s2 "h" }}', output: "false" },
  {
    t: "{{ lt .s2 true }}",
    error:
      'template: main:1:3: executing "main" at <lt .s2 true>: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt .s2 1i }}",
    error:
      'template: main:1:3: executing "main" at <lt .s2 1i>: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  { t: "{{ lt .s2 .s2 }}", output: "false" },
  {
    t: "{{ lt .s3 (index .str 0) }}",
    error:
      'template: main:1:3: executing "main" at <lt .s3 (index .str 0)>: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  { t: '{{ lt .s3 "h" }}', output: "false" },
  {
    t: "{{ lt .s3 .nil }}",
    error:
      'template: main:1:3: executing "main" at <lt .s3 .nil>: error calling lt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt .s3 true }}",
    error:
      'template: main:1:3: executing "main" at <lt .s3 true>: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt .s3 1i }}",
    error:
      'template: main:1:3: executing "main" at <lt .s3 1i>: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt .s3 .list }}",
    error:
      'template: main:1:3: executing "main" at <lt .s3 .list>: error calling lt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: '{{ lt "\\uffff" (index .str 0) }}',
    error:
      'template: main:1:3: executing "main" at <lt "\\uffff" (index .str 0)>: error calling lt: incompatible types for comparison',
    phase: "exec",
  },
  { t: '{{ lt "\\uffff" .s2 }}', output: "false" },
  { t: '{{ lt "\\uffff" .s3 }}', output: "true" },
  { t: '{{ lt "\\uffff" "\\uffff" }}', output: "false" },
  {
    t: "{{ lt 18446744073709551615 .list }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ lt 18446744073709551615 18446744073709551615 }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ le (index .str 0) 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <le (index .str 0) 104.0>: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ le (index .str 0) .missing }}",
    error:
      'template: main:1:3: executing "main" at <le (index .str 0) .missing>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ le (index .str 0) .list }}",
    error:
      'template: main:1:3: executing "main" at <le (index .str 0) .list>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ le (index .str 0) 18446744073709551615 }}",
    error:
      'template: main:1:21: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ le 104 .list }}",
    error:
      'template: main:1:3: executing "main" at <le 104 .list>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: '{{ le 104 "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <le 104 "\\uffff">: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ le 104 18446744073709551615 }}",
    error:
      'template: main:1:10: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  { t: "{{ le -1 (index .str 0) }}", output: "true" },
  {
    t: '{{ le -1 "h" }}',
    error:
      'template: main:1:3: executing "main" at <le -1 "h">: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ le -1 .missing }}",
    error:
      'template: main:1:3: executing "main" at <le -1 .missing>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: '{{ le 104.0 "h" }}',
    error:
      'template: main:1:3: executing "main" at <le 104.0 "h">: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ le 104.0 .s2 }}",
    error:
      'template: main:1:3: executing "main" at <le 104.0 .s2>: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ le 104.0 "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <le 104.0 "\\uffff">: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ le "h" (index .str 0) }}',
    error:
      'template: main:1:3: executing "main" at <le "h" (index .str 0)>: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ le "h" 104 }}',
    error:
      'template: main:1:3: executing "main" at <le "h" 104>: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ le "h" -1 }}',
    error:
      'template: main:1:3: executing "main" at <le "h" -1>: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ le "h" 1i }}',
    error:
      'template: main:1:3: executing "main" at <le "h" 1i>: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  { t: '{{ le "h" .s3 }}', output: "true" },
  {
    t: "{{ le .nil 104 }}",
    error:
      'template: main:1:3: executing "main" at <le .nil 104>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ le .nil 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <le .nil 104.0>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ le .nil 1i }}",
    error:
      'template: main:1:3: executing "main" at <le .nil 1i>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ le .nil .s2 }}",
    error:
      'template: main:1:3: executing "main" at <le .nil .s2>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ le .nil 18446744073709551615 }}",
    error:
      'template: main:1:11: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ le .missing 104 }}",
    error:
      'template: main:1:3: executing "main" at <le .missing 104>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ le .missing .nil }}",
    error:
      'template: main:1:3: executing "main" at <le .missing .nil>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ le .missing 1i }}",
    error:
      'template: main:1:3: executing "main" at <le .missing 1i>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ le .missing .s3 }}",
    error:
      'template: main:1:3: executing "main" at <le .missing .s3>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ le true 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <le true 104.0>: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ le true 1i }}",
    error:
      'template: main:1:3: executing "main" at <le true 1i>: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ le true .list }}",
    error:
      'template: main:1:3: executing "main" at <le true .list>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ le true .s2 }}",
    error:
      'template: main:1:3: executing "main" at <le true .s2>: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ le true "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <le true "\\uffff">: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ le true 18446744073709551615 }}",
    error:
      'template: main:1:11: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: '{{ le 1i "h" }}',
    error:
      'template: main:1:3: executing "main" at <le 1i "h">: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ le 1i true }}",
    error:
      'template: main:1:3: executing "main" at <le 1i true>: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ le 1i .list }}",
    error:
      'template: main:1:3: executing "main" at <le 1i .list>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: '{{ le .list "h" }}',
    error:
      'template: main:1:3: executing "main" at <le .list "h">: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ le .list .nil }}",
    error:
      'template: main:1:3: executing "main" at <le .list .nil>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ le .list .missing }}",
    error:
      'template: main:1:3: executing "main" at <le .list .missing>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ le .list 1i }}",
    error:
      'template: main:1:3: executing "main" at <le .list 1i>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ le .s2 .list }}",
    error:
      'template: main:1:3: executing "main" at <le .s2 .list>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  { t: "{{ le .s2 .s2 }}", output: "true" },
  {
    t: "{{ le .s3 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <le .s3 104.0>: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ le .s3 .missing }}",
    error:
      'template: main:1:3: executing "main" at <le .s3 .missing>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: '{{ le "\\uffff" (index .str 0) }}',
    error:
      'template: main:1:3: executing "main" at <le "\\uffff" (index .str 0)>: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ le "\\uffff" 104 }}',
    error:
      'template: main:1:3: executing "main" at <le "\\uffff" 104>: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ le "\\uffff" .missing }}',
    error:
      'template: main:1:3: executing "main" at <le "\\uffff" .missing>: error calling le: invalid type for comparison',
    phase: "exec",
  },
  {
    t: '{{ le "\\uffff" 1i }}',
    error:
      'template: main:1:3: executing "main" at <le "\\uffff" 1i>: error calling le: incompatible types for comparison',
    phase: "exec",
  },
  { t: '{{ le "\\uffff" .s2 }}', output: "false" },
  {
    t: "{{ le 18446744073709551615 (index .str 0) }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ le 18446744073709551615 104 }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ le 18446744073709551615 -1 }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ le 18446744073709551615 104.0 }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ le 18446744073709551615 1i }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ gt (index .str 0) .missing }}",
    error:
      'template: main:1:3: executing "main" at <gt (index .str 0) .missing>: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt (index .str 0) .list }}",
    error:
      'template: main:1:3: executing "main" at <gt (index .str 0) .list>: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt (index .str 0) 18446744073709551615 }}",
    error:
      'template: main:1:21: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  { t: "{{ gt 104 (index .str 0) }}", output: "false" },
  {
    t: "{{ gt 104 .s2 }}",
    error:
      'template: main:1:3: executing "main" at <gt 104 .s2>: error calling gt: incompatible types for comparison',
    phase: "exec",
  },
  { t: "{{ gt -1 104 }}", output: "false" },
  {
    t: "{{ gt -1 true }}",
    error:
      'template: main:1:3: executing "main" at <gt -1 true>: error calling gt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt 104.0 1i }}",
    error:
      'template: main:1:3: executing "main" at <gt 104.0 1i>: error calling gt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt 104.0 .list }}",
    error:
      'template: main:1:3: executing "main" at <gt 104.0 .list>: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: '{{ gt 104.0 "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <gt 104.0 "\\uffff">: error calling gt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ gt "h" (index .str 0) }}',
    error:
      'template: main:1:3: executing "main" at <gt "h" (index .str 0)>: error calling gt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ gt "h" .missing }}',
    error:
      'template: main:1:3: executing "main" at <gt "h" .missing>: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: '{{ gt "h" true }}',
    error:
      'template: main:1:3: executing "main" at <gt "h" true>: error calling gt: incompatible types for comparison',
    phase: "exec",
  },
  { t: '{{ gt "h" .s2 }}', output: "false" },
  {
    t: '{{ gt "h" 18446744073709551615 }}',
    error:
      'template: main:1:10: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ gt .nil -1 }}",
    error:
      'template: main:1:3: executing "main" at <gt .nil -1>: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt .nil .nil }}",
    error:
      'template: main:1:3: executing "main" at <gt .nil .nil>: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt .nil true }}",
    error:
      'template: main:1:3: executing "main" at <gt .nil true>: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt .nil 1i }}",
    error:
      'template: main:1:3: executing "main" at <gt .nil 1i>: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: '{{ gt .nil "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <gt .nil "\\uffff">: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt .missing -1 }}",
    error:
      'template: main:1:3: executing "main" at <gt .missing -1>: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: '{{ gt .missing "h" }}',
    error:
      'template: main:1:3: executing "main" at <gt .missing "h">: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt .missing .missing }}",
    error:
      'template: main:1:3: executing "main" at <gt .missing .missing>: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt .missing .list }}",
    error:
      'template: main:1:3: executing "main" at <gt .missing .list>: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: '{{ gt .missing "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <gt .missing "\\uffff">: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt true 104 }}",
    error:
      'template: main:1:3: executing "main" at <gt true 104>: error calling gt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt true true }}",
    error:
      'template: main:1:3: executing "main" at <gt true true>: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt true .list }}",
    error:
      'template: main:1:3: executing "main" at <gt true .list>: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt true .s3 }}",
    error:
      'template: main:1:3: executing "main" at <gt true .s3>: error calling gt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt true 18446744073709551615 }}",
    error:
      'template: main:1:11: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ gt 1i 104 }}",
    error:
      'template: main:1:3: executing "main" at <gt 1i 104>: error calling gt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt .list (index .str 0) }}",
    error:
      'template: main:1:3: executing "main" at <gt .list (index .str 0)>: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ gt .list 18446744073709551615 }}",
    error:
      'template: main:1:12: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  { t: "{{ gt .s2 .s2 }}", output: "false" },
  { t: "{{ gt .s2 .s3 }}", output: "false" },
  { t: '{{ gt .s3 "h" }}', output: "true" },
  {
    t: "{{ gt .s3 .nil }}",
    error:
      'template: main:1:3: executing "main" at <gt .s3 .nil>: error calling gt: invalid type for comparison',
    phase: "exec",
  },
  { t: '{{ gt .s3 "\\uffff" }}', output: "true" },
  {
    t: "{{ gt .s3 18446744073709551615 }}",
    error:
      'template: main:1:10: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: '{{ gt "\\uffff" -1 }}',
    error:
      'template: main:1:3: executing "main" at <gt "\\uffff" -1>: error calling gt: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ gt "\\uffff" 1i }}',
    error:
      'template: main:1:3: executing "main" at <gt "\\uffff" 1i>: error calling gt: incompatible types for comparison',
    phase: "exec",
  },
  { t: '{{ gt "\\uffff" .s3 }}', output: "false" },
  {
    t: "{{ gt 18446744073709551615 -1 }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ gt 18446744073709551615 104.0 }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: '{{ gt 18446744073709551615 "h" }}',
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ gt 18446744073709551615 .list }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ gt 18446744073709551615 .s3 }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ ge (index .str 0) .nil }}",
    error:
      'template: main:1:3: executing "main" at <ge (index .str 0) .nil>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge (index .str 0) true }}",
    error:
      'template: main:1:3: executing "main" at <ge (index .str 0) true>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge (index .str 0) 1i }}",
    error:
      'template: main:1:3: executing "main" at <ge (index .str 0) 1i>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge (index .str 0) .s2 }}",
    error:
      'template: main:1:3: executing "main" at <ge (index .str 0) .s2>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ ge 104 "h" }}',
    error:
      'template: main:1:3: executing "main" at <ge 104 "h">: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge 104 1i }}",
    error:
      'template: main:1:3: executing "main" at <ge 104 1i>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge 104 .list }}",
    error:
      'template: main:1:3: executing "main" at <ge 104 .list>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge -1 .nil }}",
    error:
      'template: main:1:3: executing "main" at <ge -1 .nil>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge -1 1i }}",
    error:
      'template: main:1:3: executing "main" at <ge -1 1i>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge 104.0 -1 }}",
    error:
      'template: main:1:3: executing "main" at <ge 104.0 -1>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge 104.0 .missing }}",
    error:
      'template: main:1:3: executing "main" at <ge 104.0 .missing>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge 104.0 1i }}",
    error:
      'template: main:1:3: executing "main" at <ge 104.0 1i>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge 104.0 18446744073709551615 }}",
    error:
      'template: main:1:12: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: '{{ ge "h" -1 }}',
    error:
      'template: main:1:3: executing "main" at <ge "h" -1>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ ge "h" 1i }}',
    error:
      'template: main:1:3: executing "main" at <ge "h" 1i>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ ge "h" 18446744073709551615 }}',
    error:
      'template: main:1:10: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ ge .nil .nil }}",
    error:
      'template: main:1:3: executing "main" at <ge .nil .nil>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge .nil .s3 }}",
    error:
      'template: main:1:3: executing "main" at <ge .nil .s3>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: '{{ ge .nil "\\uffff" }}',
    error:
      'template: main:1:3: executing "main" at <ge .nil "\\uffff">: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge .missing (index .str 0) }}",
    error:
      'template: main:1:3: executing "main" at <ge .missing (index .str 0)>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge .missing 104 }}",
    error:
      'template: main:1:3: executing "main" at <ge .missing 104>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge .missing 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <ge .missing 104.0>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge .missing true }}",
    error:
      'template: main:1:3: executing "main" at <ge .missing true>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge .missing .s3 }}",
    error:
      'template: main:1:3: executing "main" at <ge .missing .s3>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge true 104 }}",
    error:
      'template: main:1:3: executing "main" at <ge true 104>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge true .missing }}",
    error:
      'template: main:1:3: executing "main" at <ge true .missing>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge true true }}",
    error:
      'template: main:1:3: executing "main" at <ge true true>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge true .s3 }}",
    error:
      'template: main:1:3: executing "main" at <ge true .s3>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge 1i 104 }}",
    error:
      'template: main:1:3: executing "main" at <ge 1i 104>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge 1i -1 }}",
    error:
      'template: main:1:3: executing "main" at <ge 1i -1>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: '{{ ge 1i "h" }}',
    error:
      'template: main:1:3: executing "main" at <ge 1i "h">: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge 1i .nil }}",
    error:
      'template: main:1:3: executing "main" at <ge 1i .nil>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge 1i true }}",
    error:
      'template: main:1:3: executing "main" at <ge 1i true>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge .list 104 }}",
    error:
      'template: main:1:3: executing "main" at <ge .list 104>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge .list -1 }}",
    error:
      'template: main:1:3: executing "main" at <ge .list -1>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge .list 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <ge .list 104.0>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge .list true }}",
    error:
      'template: main:1:3: executing "main" at <ge .list true>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge .list 1i }}",
    error:
      'template: main:1:3: executing "main" at <ge .list 1i>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge .s2 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <ge .s2 104.0>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge .s2 .nil }}",
    error:
      'template: main:1:3: executing "main" at <ge .s2 .nil>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge .s2 1i }}",
    error:
      'template: main:1:3: executing "main" at <ge .s2 1i>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ ge .s3 104.0 }}",
    error:
      'template: main:1:3: executing "main" at <ge .s3 104.0>: error calling ge: incompatible types for comparison',
    phase: "exec",
  },
  { t: "{{ ge .s3 .s2 }}", output: "true" },
  { t: "{{ ge .s3 .s3 }}", output: "true" },
  {
    t: '{{ ge "\\uffff" .missing }}',
    error:
      'template: main:1:3: executing "main" at <ge "\\uffff" .missing>: error calling ge: invalid type for comparison',
    phase: "exec",
  },
  { t: '{{ ge "\\uffff" "\\uffff" }}', output: "true" },
  {
    t: "{{ ge 18446744073709551615 104 }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ ge 18446744073709551615 -1 }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ ge 18446744073709551615 104.0 }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ ge 18446744073709551615 true }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ ge 18446744073709551615 .list }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: '{{ ge 18446744073709551615 "\\uffff" }}',
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
  {
    t: "{{ ge 18446744073709551615 18446744073709551615 }}",
    error:
      'template: main:1:6: executing "main" at <18446744073709551615>: 18446744073709551615 overflows int',
    phase: "exec",
  },
];

function run(text: string) {
  try {
    const root = new Template("gotpl");
    root.new("main").parse(text);
    return { output: root.executeTemplate({ name: "main", data: DATA }) };
  } catch (err) {
    if (err instanceof TemplateError) return { error: err.message, phase: err.phase };
    throw err;
  }
}

describe("comparisons match Go", () => {
  it.each(ORACLE)("$t", (row) => {
    const got = run(row.t);
    if (row.error !== undefined) expect(got).toEqual({ error: row.error, phase: row.phase });
    else expect(got).toEqual({ output: row.output });
  });
});

describe("comparison API", () => {
  it("compares integers of any size and sign by value", () => {
    expect(eq(goInt(5), [goInt64(5)])).toBe(true);
    expect(eq(makeInt(T.uint64, 5), [goInt(5)])).toBe(true);
    expect(eq(makeInt(T.uint64, -1), [goInt(-1)])).toBe(false);
    expect(lt(goInt(-1), makeInt(T.uint8, 0))).toBe(true);
    expect(lt(goInt64(2n ** 62n), goInt64(2n ** 62n + 1n))).toBe(true);
  });
  it("refuses to compare int with float64", () => {
    expect(() => eq(goInt(1), [1])).toThrow("incompatible types for comparison");
  });
  it("orders strings by UTF-8 bytes", () => {
    expect(lt("\ue000", "😀")).toBe(true);
    expect(lt("a", "B")).toBe(false);
  });
  it("implements Go's truth", () => {
    expect(
      [0, 1, "", "x", [], [0], {}, { a: 1 }, null, undefined, goInt(0), goInt(2), false].map(isTrue),
    ).toEqual([false, true, false, true, false, true, false, true, false, false, false, true, false]);
  });
});
