namespace ModelRelease.Core.Cards;

/// <summary>The sections of the Hugging Face card template and of Mitchell et al., filled from facts where facts exist.</summary>
public static class DefaultCardTemplate
{
    public const string Text = """
# {{ model_id }}

{{ model_summary }}

## Model Details

### Model Description

{{ model_description }}

- **Release:** {{ tag }}
- **Variant:** {{ variant }}
- **Parameters:** {{ parameters }} ({{ parameters_exact }})
- **Checkpoint formats:** {{ formats }}
- **Tensor types:** {{ dtypes }}
- **License:** {{ license }}
- **Language(s):** {{ language }}
- **Base model:** {{ base_model }}

### Files

{{ files_table }}
{{ family_section }}
## Uses

### Direct Use

{{ direct_use }}

### Out-of-Scope Use

{{ out_of_scope_use }}

## Bias, Risks, and Limitations

{{ bias_risks_limitations }}

## How to Get Started with the Model

PowerShell (ModelRelease):

```powershell
{{ get_started_powershell }}
```

Python:

```python
{{ get_started_python }}
```

## Training Details

### Training Data

{{ training_data }}

### Training Procedure

{{ training_procedure }}

### Training Hyperparameters

{{ hyperparameters_table }}

## Evaluation

{{ evaluation_summary }}

### Results

{{ results_table }}

## Environmental Impact

{{ environmental_impact }}

## Technical Specifications

### Hardware Requirements

{{ hardware_table }}

## Citation

```bibtex
{{ citation_bibtex }}
```

## Changelog

{{ changelog }}
""";
}
