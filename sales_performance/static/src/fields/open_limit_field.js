/** @odoo-module **/
// The upper end of a half-open band [From, To): zero means no limit. Shown
// empty with a placeholder ("no limit") rather than "0.00" / "0%", as a ratio
// in percent (0.25 shown and typed as 25) with the option percentage.
import {Component} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {formatFloat, formatPercentage} from "@web/views/fields/formatters";
import {useInputField} from "@web/views/fields/input_field_hook";
import {useNumpadDecimal} from "@web/views/fields/numpad_decimal_hook";
import {parseFloat, parsePercentage} from "@web/views/fields/parsers";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

export class OpenLimitField extends Component {
    static template = "sales_performance.OpenLimitField";
    static props = {
        ...standardFieldProps,
        percentage: {type: Boolean, optional: true},
        placeholder: {type: String, optional: true},
    };

    setup() {
        useInputField({
            getValue: () => (this.isOpen ? "" : this.format({noSymbol: true})),
            refName: "numpadDecimal",
            parse: (value) => this.parse(value),
        });
        useNumpadDecimal();
    }

    get value() {
        return this.props.record.data[this.props.name];
    }

    get isOpen() {
        return !this.value;
    }

    get placeholder() {
        return this.props.placeholder || _t("no limit");
    }

    format(options = {}) {
        const field = this.props.record.fields[this.props.name];
        return this.props.percentage
            ? formatPercentage(this.value, {field, ...options})
            : formatFloat(this.value, {field});
    }

    parse(value) {
        if (!value.trim()) {
            return 0;
        }
        return this.props.percentage ? parsePercentage(value) : parseFloat(value);
    }
}

export const openLimitField = {
    component: OpenLimitField,
    displayName: _t("Upper Limit"),
    supportedTypes: ["float"],
    extractProps: ({attrs, options}) => ({
        percentage: Boolean(options.percentage),
        placeholder: attrs.placeholder,
    }),
};

registry.category("fields").add("sp_open_limit", openLimitField);
