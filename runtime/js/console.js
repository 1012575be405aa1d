/* console: the WHATWG Console API over internal.write (console.c). log/info/debug/dir/count/
 * time* print to stdout, warn/error/assert/trace to stderr; %-directives and a small inspector. */
(function (internal) {
    'use strict';

    const STDOUT = 1;
    const STDERR = 2;
    const write = internal.write;
    const objectToString = Object.prototype.toString;
    const functionToString = Function.prototype.toString;
    const MAX_LINE = 72;        /* longer one-line forms are broken into one entry per line */
    const MAX_ITEMS = 100;      /* entries shown per array, map, set or object */
    const MAX_STRING = 10000;   /* characters of a nested string shown */

    function tagOf(value) {
        return objectToString.call(value).slice(8, -1);
    }

    function isError(value) {
        return value !== null && typeof value === 'object' && tagOf(value) === 'Error';
    }

    function quote(s) {
        if (s.length > MAX_STRING)
            return quote(s.slice(0, MAX_STRING)) + '... ' + (s.length - MAX_STRING) +
                   ' more characters';
        const q = s.includes("'") && !s.includes('"') ? '"' : "'";
        let out = '';
        for (const ch of s) {
            const c = ch.codePointAt(0);
            if (ch === q || ch === '\\')
                out += '\\' + ch;
            else if (ch === '\n')
                out += '\\n';
            else if (ch === '\t')
                out += '\\t';
            else if (ch === '\r')
                out += '\\r';
            else if (c < 0x20 || c === 0x7f)
                out += '\\x' + c.toString(16).padStart(2, '0');
            else
                out += ch;
        }
        return q + out + q;
    }

    function formatKey(key) {
        if (typeof key === 'symbol')
            return '[' + key.toString() + ']';
        return /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);
    }

    function formatPrimitive(value) {
        switch (typeof value) {
        case 'string':
            return quote(value);
        case 'number':
            return Object.is(value, -0) ? '-0' : String(value);
        case 'bigint':
            return value + 'n';
        case 'symbol':
            return value.toString();
        default:
            return String(value); /* undefined, null, boolean */
        }
    }

    /* JSC frames look like "name@file:line:col" ("@file:..." when anonymous); they are shown the
     * way most JS tooling prints them: "    at name (file:line:col)". */
    function formatFrame(frame) {
        const at = frame.indexOf('@');
        if (at < 0)
            return '    at ' + frame;
        const name = frame.slice(0, at);
        const where = frame.slice(at + 1);
        return name ? '    at ' + name + ' (' + where + ')' : '    at ' + where;
    }

    function formatError(error) {
        let head;
        try {
            head = String(error);
        } catch (e) {
            head = '[error that cannot be converted to a string]';
        }
        const lines = [head];
        const stack = typeof error.stack === 'string' ? error.stack : '';
        for (const frame of stack.split('\n'))
            if (frame)
                lines.push(formatFrame(frame));
        if (lines.length === 1 && typeof error.sourceURL === 'string' &&
            typeof error.line === 'number')
            lines.push('    at ' + error.sourceURL + ':' + error.line +
                       (typeof error.column === 'number' ? ':' + error.column : ''));
        return lines.join('\n');
    }

    function functionLabel(fn) {
        let source = '';
        try {
            source = functionToString.call(fn);
        } catch (e) {
        }
        const name = typeof fn.name === 'string' && fn.name ? fn.name : '';
        if (/^class\b/.test(source))
            return name ? '[class ' + name + ']' : '[class (anonymous)]';
        return name ? '[Function: ' + name + ']' : '[Function (anonymous)]';
    }

    function constructorName(obj) {
        let proto;
        try {
            proto = Object.getPrototypeOf(obj);
        } catch (e) {
            return 'Object';
        }
        if (proto === null)
            return null;
        const desc = Object.getOwnPropertyDescriptor(proto, 'constructor');
        const ctor = desc && desc.value;
        return typeof ctor === 'function' && ctor.name ? ctor.name : 'Object';
    }

    /* Own enumerable properties as "key: value" entries; getters are named, never called. */
    function propertyEntries(obj, ctx, depth, skipIndices) {
        const entries = [];
        const keys = Reflect.ownKeys(obj);
        let shown = 0;
        for (const key of keys) {
            const desc = Object.getOwnPropertyDescriptor(obj, key);
            if (!desc || !desc.enumerable)
                continue;
            if (skipIndices && typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key))
                continue;
            if (shown++ === MAX_ITEMS) {
                entries.push('...');
                break;
            }
            let value;
            if ('value' in desc)
                value = inspectValue(desc.value, ctx, depth + 1);
            else if (desc.get && desc.set)
                value = '[Getter/Setter]';
            else
                value = desc.get ? '[Getter]' : '[Setter]';
            entries.push(formatKey(key) + ': ' + value);
        }
        return entries;
    }

    /* Joins entries on one line if short enough, else one per line (short ones packed several
     * to a line), indented one step: an enclosing wrap indents the continuation lines again. */
    function wrap(prefix, open, entries, close, depth) {
        if (entries.length === 0)
            return prefix + open + close;
        const oneLine = prefix + open + ' ' + entries.join(', ') + ' ' + close;
        if (oneLine.length + depth * 2 <= MAX_LINE && !oneLine.includes('\n'))
            return oneLine;
        let rows = entries;
        const short = (e) => (e.length <= 16 || e.startsWith('... ')) && !e.includes('\n');
        if (entries.length > 6 && entries.every(short)) {
            const width = MAX_LINE - (depth + 1) * 2;
            rows = [];
            let row = '';
            for (const e of entries) {
                if (row && row.length + e.length + 3 > width) {
                    rows.push(row);
                    row = '';
                }
                row = row ? row + ', ' + e : e;
            }
            rows.push(row);
        }
        const body = rows.map((e) => '  ' + e.split('\n').join('\n  ')).join(',\n');
        return prefix + open + '\n' + body + '\n' + close;
    }

    function inspectArrayLike(arr, ctx, depth, prefix) {
        const entries = [];
        const length = arr.length;
        let holes = 0;
        const flushHoles = () => {
            if (holes)
                entries.push('<' + holes + ' empty item' + (holes > 1 ? 's' : '') + '>');
            holes = 0;
        };
        const shown = Math.min(length, MAX_ITEMS);
        for (let i = 0; i < shown; i++) {
            if (!Object.prototype.hasOwnProperty.call(arr, i)) {
                holes++;
                continue;
            }
            flushHoles();
            entries.push(inspectValue(arr[i], ctx, depth + 1));
        }
        flushHoles();
        if (length > shown)
            entries.push('... ' + (length - shown) + ' more item' +
                         (length - shown > 1 ? 's' : ''));
        if (Array.isArray(arr))
            entries.push(...propertyEntries(arr, ctx, depth, true));
        return wrap(prefix, '[', entries, ']', depth);
    }

    function inspectObject(obj, ctx, depth) {
        const tag = tagOf(obj);
        const name = constructorName(obj);
        const label = name === null ? '[Object: null prototype]' : name;

        if (isError(obj))
            return formatError(obj);
        if (tag === 'Date')
            return isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
        if (tag === 'RegExp')
            return String(obj);
        if (tag === 'Number' || tag === 'String' || tag === 'Boolean' || tag === 'Symbol' ||
            tag === 'BigInt') {
            const inner = formatPrimitive(obj.valueOf());
            return '[' + tag + ': ' + inner + ']';
        }
        if (depth > ctx.depth)
            return Array.isArray(obj) ? '[Array]' : '[' + (name || 'Object') + ']';

        if (Array.isArray(obj))
            return inspectArrayLike(obj, ctx, depth, name === 'Array' ? '' : label + ' ');
        if (ArrayBuffer.isView(obj) && !(obj instanceof DataView))
            return inspectArrayLike(obj, ctx, depth, label + '(' + obj.length + ') ');
        if (obj instanceof ArrayBuffer)
            return label + ' { byteLength: ' + obj.byteLength + ' }';
        if (obj instanceof Map) {
            const entries = [];
            for (const [k, v] of obj) {
                if (entries.length === MAX_ITEMS) {
                    entries.push('...');
                    break;
                }
                entries.push(inspectValue(k, ctx, depth + 1) + ' => ' +
                             inspectValue(v, ctx, depth + 1));
            }
            return wrap(label + '(' + obj.size + ') ', '{', entries, '}', depth);
        }
        if (obj instanceof Set) {
            const entries = [];
            for (const v of obj) {
                if (entries.length === MAX_ITEMS) {
                    entries.push('...');
                    break;
                }
                entries.push(inspectValue(v, ctx, depth + 1));
            }
            return wrap(label + '(' + obj.size + ') ', '{', entries, '}', depth);
        }
        if (tag === 'WeakMap' || tag === 'WeakSet' || tag === 'WeakRef')
            return label + ' { <items unknown> }';
        if (tag === 'Promise')
            return label + ' { <state unknown> }';

        const entries = propertyEntries(obj, ctx, depth, false);
        const prefix = label === 'Object' ? '' : label + ' ';
        return wrap(prefix, '{', entries, '}', depth);
    }

    function inspectValue(value, ctx, depth) {
        if (typeof value === 'function') {
            return functionLabel(value);
        }
        if (value === null || typeof value !== 'object')
            return formatPrimitive(value);
        if (ctx.seen.includes(value))
            return '[Circular]';
        ctx.seen.push(value);
        try {
            return inspectObject(value, ctx, depth);
        } finally {
            ctx.seen.pop();
        }
    }

    /* A readable rendering of any value; nested objects below `depth` become [Object]. */
    function inspect(value, depth) {
        try {
            return inspectValue(value, {depth: depth === undefined ? 2 : depth, seen: []}, 0);
        } catch (e) {
            return '[value that cannot be inspected: ' + String(e && e.message) + ']';
        }
    }

    function isNative(fn) {
        try {
            return /\{\s*\[native code\]\s*\}\s*$/.test(functionToString.call(fn));
        } catch (e) {
            return false;
        }
    }

    /* Whether %s should inspect rather than call String(): objects whose toString is a built-in
     * one, as in other runtimes, so that %s never prints "[object Object]". Errors keep their
     * "Name: message"; an object with its own toString gets it called. */
    function plainForS(value) {
        if (value === null || typeof value !== 'object' || isError(value))
            return false;
        let toString;
        try {
            toString = value.toString;
        } catch (e) {
            return true;
        }
        return typeof toString !== 'function' || isNative(toString);
    }

    function toText(value) {
        return typeof value === 'string' ? value : inspect(value);
    }

    /* The WHATWG Formatter: %s %d %i %f %o %O %c %% in a leading string argument. */
    function format(args) {
        if (args.length === 0)
            return '';
        let first = args[0];
        let rest = 1;
        if (typeof first === 'string' && first.includes('%')) {
            let out = '';
            let i = 0;
            while (i < first.length) {
                const ch = first[i];
                if (ch !== '%' || i + 1 >= first.length) {
                    out += ch;
                    i++;
                    continue;
                }
                const spec = first[i + 1];
                if (spec === '%') {
                    out += '%';
                    i += 2;
                    continue;
                }
                if (!'sdifoOc'.includes(spec) || rest >= args.length) {
                    out += ch;
                    i++;
                    continue;
                }
                const arg = args[rest++];
                switch (spec) {
                case 's':
                    if (typeof arg === 'bigint')
                        out += arg + 'n';
                    else if (typeof arg === 'symbol')
                        out += arg.toString();
                    else if (plainForS(arg))
                        out += inspect(arg, 1);
                    else
                        out += String(arg);
                    break;
                case 'd':
                case 'i':
                    out += typeof arg === 'symbol' ? 'NaN'
                         : typeof arg === 'bigint' ? arg + 'n'
                         : formatPrimitive(parseInt(arg, 10));
                    break;
                case 'f':
                    out += typeof arg === 'symbol' ? 'NaN' : formatPrimitive(parseFloat(arg));
                    break;
                case 'o':
                    out += inspect(arg, 4);
                    break;
                case 'O':
                    out += inspect(arg);
                    break;
                case 'c':
                    break; /* CSS has no meaning on a terminal */
                }
                i += 2;
            }
            first = out;
        } else {
            first = toText(first);
        }
        let line = first;
        for (let k = rest; k < args.length; k++)
            line += ' ' + toText(args[k]);
        return line;
    }

    let groupIndent = '';

    function print(fd, text) {
        if (groupIndent)
            text = groupIndent + text.split('\n').join('\n' + groupIndent);
        write(fd, text + '\n');
    }

    const counts = new Map();
    const timers = new Map();

    function label(value) {
        return value === undefined ? 'default' : String(value);
    }

    function elapsed(name) {
        return (performance.now() - timers.get(name)).toFixed(3) + 'ms';
    }

    const console = {
        log(...data) {
            print(STDOUT, format(data));
        },
        info(...data) {
            print(STDOUT, format(data));
        },
        debug(...data) {
            print(STDOUT, format(data));
        },
        warn(...data) {
            print(STDERR, format(data));
        },
        error(...data) {
            print(STDERR, format(data));
        },
        dir(item, options) {
            const depth = options && typeof options.depth === 'number' ? options.depth : 2;
            print(STDOUT, inspect(item, depth));
        },
        assert(condition, ...data) {
            if (condition)
                return;
            if (data.length === 0)
                data = ['Assertion failed'];
            else if (typeof data[0] === 'string')
                data[0] = 'Assertion failed: ' + data[0];
            else
                data.unshift('Assertion failed');
            print(STDERR, format(data));
        },
        trace(...data) {
            const frames = (new Error().stack || '').split('\n').slice(1).filter(Boolean);
            const head = 'Trace' + (data.length ? ': ' + format(data) : '');
            print(STDERR, [head, ...frames.map(formatFrame)].join('\n'));
        },
        group(...data) {
            if (data.length)
                print(STDOUT, format(data));
            groupIndent += '  ';
        },
        groupCollapsed(...data) {
            console.group(...data);
        },
        groupEnd() {
            groupIndent = groupIndent.slice(2);
        },
        count(name) {
            name = label(name);
            const n = (counts.get(name) || 0) + 1;
            counts.set(name, n);
            print(STDOUT, name + ': ' + n);
        },
        countReset(name) {
            name = label(name);
            if (counts.has(name))
                counts.set(name, 0);
            else
                print(STDERR, "Warning: Count for '" + name + "' does not exist");
        },
        time(name) {
            name = label(name);
            if (timers.has(name))
                print(STDERR, "Warning: Timer '" + name + "' already exists");
            else
                timers.set(name, performance.now());
        },
        timeLog(name, ...data) {
            name = label(name);
            if (!timers.has(name))
                return print(STDERR, "Warning: Timer '" + name + "' does not exist");
            print(STDOUT, format([name + ': ' + elapsed(name), ...data]));
        },
        timeEnd(name) {
            name = label(name);
            if (!timers.has(name))
                return print(STDERR, "Warning: Timer '" + name + "' does not exist");
            print(STDOUT, name + ': ' + elapsed(name));
            timers.delete(name);
        },
    };
    Object.defineProperty(console, Symbol.toStringTag,
                          {value: 'console', configurable: true});

    Object.defineProperty(globalThis, 'console',
                          {value: console, writable: true, configurable: true, enumerable: false});

    internal.inspect = inspect;
    /* For the C side's "Uncaught ..." reports: the message and stack of an Error, or any other
     * thrown value inspected. */
    internal.formatException = (value) => isError(value) ? formatError(value) : inspect(value);
})
