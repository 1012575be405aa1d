/* DOMException (Web IDL): the error the Web APIs throw (AbortError, DataCloneError...), with the
 * legacy numeric codes. Also internal.DOMException, for glue that must not see a replaced global. */
(function (internal) {
    'use strict';

    /* name -> legacy code, and the constant name of each code (Web IDL's table). */
    const codes = [
        ['IndexSizeError', 'INDEX_SIZE_ERR'],
        ['DOMStringSizeError', 'DOMSTRING_SIZE_ERR'],
        ['HierarchyRequestError', 'HIERARCHY_REQUEST_ERR'],
        ['WrongDocumentError', 'WRONG_DOCUMENT_ERR'],
        ['InvalidCharacterError', 'INVALID_CHARACTER_ERR'],
        ['NoDataAllowedError', 'NO_DATA_ALLOWED_ERR'],
        ['NoModificationAllowedError', 'NO_MODIFICATION_ALLOWED_ERR'],
        ['NotFoundError', 'NOT_FOUND_ERR'],
        ['NotSupportedError', 'NOT_SUPPORTED_ERR'],
        ['InUseAttributeError', 'INUSE_ATTRIBUTE_ERR'],
        ['InvalidStateError', 'INVALID_STATE_ERR'],
        ['SyntaxError', 'SYNTAX_ERR'],
        ['InvalidModificationError', 'INVALID_MODIFICATION_ERR'],
        ['NamespaceError', 'NAMESPACE_ERR'],
        ['InvalidAccessError', 'INVALID_ACCESS_ERR'],
        ['ValidationError', 'VALIDATION_ERR'],
        ['TypeMismatchError', 'TYPE_MISMATCH_ERR'],
        ['SecurityError', 'SECURITY_ERR'],
        ['NetworkError', 'NETWORK_ERR'],
        ['AbortError', 'ABORT_ERR'],
        ['URLMismatchError', 'URL_MISMATCH_ERR'],
        ['QuotaExceededError', 'QUOTA_EXCEEDED_ERR'],
        ['TimeoutError', 'TIMEOUT_ERR'],
        ['InvalidNodeTypeError', 'INVALID_NODE_TYPE_ERR'],
        ['DataCloneError', 'DATA_CLONE_ERR'],
    ];
    const codeOf = new Map(codes.map(([name], i) => [name, i + 1]));

    /* The name and message of each instance; brand checks go through this map too. */
    const fields = new WeakMap();

    function get(self, what) {
        const f = fields.get(self);
        if (!f)
            throw new TypeError('DOMException.prototype.' + what + ': not a DOMException');
        return f;
    }

    class DOMException extends Error {
        constructor(message = '', name = 'Error') {
            /* No message to Error: name and message are prototype getters, as in Web IDL. */
            super();
            fields.set(this, {message: String(message), name: String(name)});
        }

        get name() {
            return get(this, 'name').name;
        }

        get message() {
            return get(this, 'message').message;
        }

        get code() {
            return codeOf.get(get(this, 'code').name) || 0;
        }
    }

    const constant = {writable: false, enumerable: true, configurable: false};
    codes.forEach(([, constName], i) => {
        Object.defineProperty(DOMException, constName, {value: i + 1, ...constant});
        Object.defineProperty(DOMException.prototype, constName, {value: i + 1, ...constant});
    });
    for (const key of ['name', 'message', 'code'])
        Object.defineProperty(DOMException.prototype, key, {enumerable: true});
    /* No Symbol.toStringTag: an instance stays "[object Error]", which is what the console and
     * the error reports recognise as an error with a stack. */

    internal.DOMException = DOMException;
    Object.defineProperty(globalThis, 'DOMException',
                          {value: DOMException, writable: true, enumerable: false,
                           configurable: true});
})
